package io.switchboard.data.internal;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;

/** Every query behaviour, on the persistent provider. */
class PersistentFindTest extends FindTest {

    @Override
    protected Fixture fixture() {
        return Fixture.persistent("mvstore-find");
    }

    @AfterEach
    void closeStore() throws IOException {
        f.deleteStore();
    }
}
