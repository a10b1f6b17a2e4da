package io.switchboard.data.postgres.internal;

import static io.switchboard.data.postgres.internal.StoreTesting.dataService;
import static io.switchboard.data.postgres.internal.StoreTesting.failure;
import static io.switchboard.data.postgres.internal.StoreTesting.json;
import static io.switchboard.data.postgres.internal.StoreTesting.value;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.internal.query.CriteriaCompiler;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.postgres.testing.PostgresServer;
import io.switchboard.data.spi.Selection;

/** A pool with every connection in use is a busy store, not a store that went away. */
class BusyStoreTest {

    @Test
    void anOperationThatFindsEveryConnectionBusyIsRefusedButTheStoreStaysUp() throws Exception {
        PostgresServer server = PostgresServer.shared();
        server.emptyDatabase();
        PostgresProvider provider = new PostgresProvider(new StoreSettings(server.url(), server.password(), 1, 250, 30000), Clock.systemUTC(), 3_600_000);
        DataServiceImpl data = dataService(provider);
        value(data.set("/busy", json("{}")));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> provider.scan(new Selection(PathPattern.compile("/**"), path -> true, CriteriaCompiler.compile(null)), item -> {
            holding.countDown();
            try {
                release.await(60, TimeUnit.SECONDS); // keeps the pool's only connection in use
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        try {
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            SwitchboardException busy = failure(data.set("/other", json("{}")), DataErrors.STORE_UNAVAILABLE);
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            assertTrue(provider.state().up(), "busy is not down: " + provider.state().problem());
        } finally {
            release.countDown();
            holder.join(30_000);
            provider.close();
        }
        PostgresProvider again = PostgresConformanceTest.provider(server);
        try {
            assertTrue(value(dataService(again).get("/other")).isEmpty(), "the refused write was not stored");
        } finally {
            again.close();
        }
    }
}
