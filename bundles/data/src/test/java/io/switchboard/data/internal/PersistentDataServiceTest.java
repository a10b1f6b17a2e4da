package io.switchboard.data.internal;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;

/** Every data service behaviour, on the persistent provider. */
class PersistentDataServiceTest extends DataServiceTest {

    @Override
    protected Fixture fixture() {
        return Fixture.persistent("mvstore-test");
    }

    @AfterEach
    void closeStore() throws IOException {
        f.deleteStore();
    }
}
