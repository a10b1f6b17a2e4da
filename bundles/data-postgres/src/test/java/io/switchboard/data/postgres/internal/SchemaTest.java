package io.switchboard.data.postgres.internal;

import static io.switchboard.data.postgres.internal.StoreTesting.dataService;
import static io.switchboard.data.postgres.internal.StoreTesting.failure;
import static io.switchboard.data.postgres.internal.StoreTesting.json;
import static io.switchboard.data.postgres.internal.StoreTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.postgres.testing.PostgresServer;

class SchemaTest {

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void runtimesStartingTogetherOnAnEmptyDatabaseCreateTheSchemaOnceAndAllUseIt() throws Exception {
        server.emptyDatabase();
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<PostgresProvider> providers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                PostgresProvider provider = PostgresConformanceTest.provider(server);
                providers.add(provider);
                int node = n;
                done.add(pool.submit(() -> {
                    go.await();
                    return value(dataService(provider).set("/nodes/" + node, json("{}")));
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertEquals(nodes, value(dataService(providers.get(0)).count("/nodes/*", null)));
        } finally {
            pool.shutdownNow();
            providers.forEach(PostgresProvider::close);
        }
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version FROM switchboard_schema")) {
            assertTrue(row.next());
            assertEquals(Schema.LATEST, row.getInt(1));
            assertFalse(row.next(), "one row records the schema's version");
        }
    }

    @Test
    void aStoreMigratedByANewerReleaseIsNotWrittenToAndHealthSaysWhy() throws Exception {
        server.emptyDatabase();
        PostgresProvider first = PostgresConformanceTest.provider(server);
        value(dataService(first).set("/x", json("{}")));
        first.close();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE switchboard_schema SET version = " + (Schema.LATEST + 1));
        }
        PostgresProvider older = new PostgresProvider(StoreTesting.settings(server), Clock.systemUTC(), 3_600_000);
        try {
            SwitchboardException refused = failure(dataService(older).set("/x", json("{'y':1}")), DataErrors.STORE_UNAVAILABLE);
            assertTrue(refused.getMessage().contains("newer than this Switchboard understands"), refused.getMessage());
            older.probe();
            assertFalse(older.state().up());
            assertTrue(older.state().problem().contains("version " + (Schema.LATEST + 1)), older.state().problem());
        } finally {
            older.close();
        }
    }
}
