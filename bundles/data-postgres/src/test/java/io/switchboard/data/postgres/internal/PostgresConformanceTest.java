package io.switchboard.data.postgres.internal;

import java.time.Clock;

import io.switchboard.data.internal.ProviderConformance;
import io.switchboard.data.postgres.testing.PostgresServer;
import io.switchboard.data.spi.DataProvider;

/** The data bundle's conformance suite on PostgreSQL: every test on an empty database of a real server. */
class PostgresConformanceTest extends ProviderConformance {

    /** A provider over an empty database, as a runtime with SWITCHBOARD_STORE_URL has it. */
    static PostgresProvider emptyStore(PostgresServer server) {
        server.emptyDatabase();
        return provider(server);
    }

    static PostgresProvider provider(PostgresServer server) {
        return new PostgresProvider(StoreTesting.settings(server), Clock.systemUTC(), 1000);
    }

    @Override
    protected DataProvider newProvider() {
        return emptyStore(PostgresServer.shared());
    }

    @Override
    protected void release(DataProvider provider) {
        ((PostgresProvider) provider).close();
    }
}
