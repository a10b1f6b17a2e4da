package io.switchboard.data.postgres.internal;

import static io.switchboard.data.postgres.internal.StoreTesting.dataService;
import static io.switchboard.data.postgres.internal.StoreTesting.failure;
import static io.switchboard.data.postgres.internal.StoreTesting.json;
import static io.switchboard.data.postgres.internal.StoreTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.WriteResult;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.postgres.testing.PostgresServer;

/**
 * The database going away and coming back under a running provider: clear errors while it is away,
 * no acknowledged write lost, and recovery with no restart. The provider's clock is the test's, so
 * the retry interval passes when the test says and nothing sleeps.
 */
class OutageTest {

    private static final int INTERVAL_MILLIS = 3_600_000; // the background probe runs once; the test probes itself

    private static PostgresServer server;

    private final TestClock clock = new TestClock();
    private PostgresProvider provider;
    private DataServiceImpl data;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void deleteServer() {
        if (server != null) {
            server.close();
        }
    }

    private void open() {
        server.emptyDatabase();
        provider = new PostgresProvider(StoreTesting.settings(server), clock, INTERVAL_MILLIS);
        data = dataService(provider);
        provider.probe();
        assertTrue(provider.state().up(), "the store answers: " + provider.state().problem());
    }

    /**
     * Probes until the store answers: the pool reconnects on its own schedule (backing off to 5 s
     * between attempts while the database was away), and each probe waits at most the pool's timeout.
     */
    private void awaitProbedUp() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            provider.probe();
        } while (!provider.state().up() && System.nanoTime() < deadline);
        assertTrue(provider.state().up(), "the probe noticed its return: " + provider.state().problem());
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void whileTheDatabaseIsAwayEveryOperationFailsAsUnavailableAtOnceAndTheProbeBringsItBack() {
        open();
        value(data.set("/kept", json("{'n':1}")));
        server.stop();

        long start = System.nanoTime();
        SwitchboardException refused = failure(data.set("/lost", json("{}")), DataErrors.STORE_UNAVAILABLE);
        assertTrue(refused.getMessage().contains("PostgreSQL at 127.0.0.1:" + server.port() + "/switchboard"), refused.getMessage());
        assertTrue(refused.getMessage().contains("not acknowledged"), refused.getMessage());
        failure(data.get("/kept"), DataErrors.STORE_UNAVAILABLE);
        failure(data.find("/**", Query.ALL), DataErrors.STORE_UNAVAILABLE);
        failure(data.count("/**", null), DataErrors.STORE_UNAVAILABLE);
        failure(data.increment("/kept", "n", 1, WriteOptions.DEFAULTS), DataErrors.STORE_UNAVAILABLE);
        failure(data.remove("/**", WriteOptions.DEFAULTS), DataErrors.STORE_UNAVAILABLE);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5_000, "the first failure waits for at most one connection attempt, the others not at all: " + millis + " ms");
        assertFalse(provider.state().up());
        assertTrue(provider.state().problem() != null && !provider.state().problem().isBlank());

        provider.probe();
        assertFalse(provider.state().up(), "a probe while it is away keeps it down");

        server.resume();
        awaitProbedUp();
        assertEquals(json("{'n':1}"), value(data.get("/kept")).orElseThrow().data());
        assertTrue(value(data.get("/lost")).isEmpty(), "the refused write was not stored");
        value(data.increment("/kept", "n", 1, WriteOptions.DEFAULTS));
        assertEquals(json("{'n':2}"), value(data.get("/kept")).orElseThrow().data());
    }

    @Test
    void aProviderStartedWhileTheDatabaseIsAwayRefusesUntilItIsThereAndThenMakesTheSchema() {
        server.emptyDatabase();
        server.stop();
        try {
            provider = new PostgresProvider(StoreTesting.settings(server), clock, INTERVAL_MILLIS);
            data = dataService(provider);
            provider.probe();
            assertFalse(provider.state().up(), "no database yet");
            failure(data.set("/early", json("{}")), DataErrors.STORE_UNAVAILABLE);
        } finally {
            server.resume();
        }
        awaitProbedUp();
        value(data.set("/early", json("{'n':1}")));
        assertEquals(json("{'n':1}"), value(data.get("/early")).orElseThrow().data());
    }

    @Test
    void withoutAProbeOperationsTryTheDatabaseAgainOncePerRetryInterval() {
        open();
        server.stop();
        failure(data.get("/x"), DataErrors.STORE_UNAVAILABLE);
        server.resume();
        long start = System.nanoTime();
        failure(data.get("/x"), DataErrors.STORE_UNAVAILABLE); // within the interval: refused without trying
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "refused at once");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            clock.advance(Duration.ofMillis(INTERVAL_MILLIS)); // each attempt waits for the pool to reconnect, at most its timeout
            try {
                assertTrue(data.get("/x").getValue().isEmpty());
                break;
            } catch (java.lang.reflect.InvocationTargetException | InterruptedException e) {
                assertTrue(System.nanoTime() < deadline, "the database did not come back: " + e);
            }
        }
        assertTrue(provider.state().up());
    }

    @Test
    void noAcknowledgedWriteIsLostWhenTheDatabaseGoesAwayInTheMiddleOfWriting() throws Exception {
        open();
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch before = new CountDownLatch(200);
        CountDownLatch refused = new CountDownLatch(1);
        AtomicInteger afterRecovery = new AtomicInteger(-1);
        CountDownLatch after = new CountDownLatch(200);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    WriteResult written = data.set("/acked/" + i, json("{'i':" + i + "}")).getValue();
                    acknowledged.add(written.item().orElseThrow().data().get("i").intValue());
                    before.countDown();
                    if (afterRecovery.get() >= 0) {
                        after.countDown();
                    }
                } catch (java.lang.reflect.InvocationTargetException e) {
                    errors.add(e.getCause() instanceof SwitchboardException s ? s.code() : String.valueOf(e.getCause()));
                    refused.countDown();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "outage-writer");
        writer.start();
        try {
            assertTrue(before.await(60, TimeUnit.SECONDS), "writes before the outage");
            server.stop();
            assertTrue(refused.await(60, TimeUnit.SECONDS), "writes are refused while the database is away");
            server.resume();
            awaitProbedUp();
            afterRecovery.set(acknowledged.size());
            assertTrue(after.await(60, TimeUnit.SECONDS), "writes are acknowledged again after it is back");
        } finally {
            stop.set(true);
            writer.join(60_000);
        }
        assertEquals(List.of(DataErrors.STORE_UNAVAILABLE), errors.stream().distinct().toList(), "every refusal says the store is unavailable");
        for (int i : acknowledged) {
            assertEquals(json("{'i':" + i + "}"), value(data.get("/acked/" + i)).orElseThrow().data(), "acknowledged write " + i);
        }
    }
}
