package io.switchboard.data.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import io.switchboard.data.spi.DataProvider;

/**
 * The provider conformance suite: every data service behaviour ({@link DataServiceTest}), every
 * query ({@link FindTest}) and the provider contract ({@link ProviderContractTest}), run through the
 * data service against the provider a subclass makes. A provider conforms when it passes all of
 * them, so users see the same results whichever store holds their data.
 *
 * <p>Extend it in the provider's own tests (this class ships in the data bundle's test-jar) and
 * implement {@link #newProvider()}: each test gets a provider over an empty store.
 */
public abstract class ProviderConformance {

    /** A provider over an empty store, for one test. */
    protected abstract DataProvider newProvider();

    /** Frees what {@link #newProvider()} made (closes files, connections); called after each test. */
    protected void release(DataProvider provider) throws Exception {
    }

    private Fixture conformingFixture() {
        return new Fixture(1024 * 1024, newProvider());
    }

    @Nested
    public class Writes extends DataServiceTest {

        @Override
        protected Fixture fixture() {
            return conformingFixture();
        }

        @AfterEach
        void releaseProvider() throws Exception {
            release(f.provider);
        }
    }

    @Nested
    public class Queries extends FindTest {

        @Override
        protected Fixture fixture() {
            return conformingFixture();
        }

        @AfterEach
        void releaseProvider() throws Exception {
            release(f.provider);
        }
    }

    @Nested
    public class Contract extends ProviderContractTest {

        @Override
        protected Fixture fixture() {
            return conformingFixture();
        }

        @AfterEach
        void releaseProvider() throws Exception {
            release(f.provider);
        }
    }
}
