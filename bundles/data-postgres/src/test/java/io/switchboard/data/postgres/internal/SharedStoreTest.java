package io.switchboard.data.postgres.internal;

import static io.switchboard.data.postgres.internal.StoreTesting.dataService;
import static io.switchboard.data.postgres.internal.StoreTesting.json;
import static io.switchboard.data.postgres.internal.StoreTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.DataServiceImpl;
import io.switchboard.data.postgres.testing.PostgresServer;

/**
 * Several runtimes on one database: each has its own data service and provider (its own pool), as
 * nodes of a cluster have, and another JVM stands in for another machine.
 */
class SharedStoreTest {

    private final PostgresServer server = PostgresServer.shared();
    private final PostgresProvider providerA = PostgresConformanceTest.emptyStore(server);
    private final PostgresProvider providerB = PostgresConformanceTest.provider(server);
    private final DataServiceImpl nodeA = dataService(providerA);
    private final DataServiceImpl nodeB = dataService(providerB);

    @AfterEach
    void close() {
        providerA.close();
        providerB.close();
    }

    @Test
    void whatOneNodeWritesTheOtherReadsCountsAndRemoves() {
        value(nodeA.set("/shared/a", json("{'n':1}"), WriteOptions.DEFAULTS.withOrigin("ann")));
        value(nodeA.set("/shared/b", json("{'n':2}")));
        Item read = value(nodeB.get("/shared/a")).orElseThrow();
        assertEquals(json("{'n':1}"), read.data());
        assertEquals("ann", read.meta().modifiedBy());
        assertEquals(List.of("/shared/b"), value(nodeB.find("/shared/*", Query.where(json("{'n':{'$gt':1}}")))).stream().map(Item::path).toList());
        value(nodeB.set("/shared/a", json("{'m':3}"), WriteOptions.DEFAULTS.withMerge(true)));
        assertEquals(json("{'n':1,'m':3}"), value(nodeA.get("/shared/a")).orElseThrow().data());
        assertEquals(2, value(nodeB.remove("/shared/*", WriteOptions.DEFAULTS)).removed());
        assertEquals(0, value(nodeA.count("/shared/**", null)));
    }

    @Test
    void aNodesRecentCopyOfADocumentThatAnotherNodeChangedIsNeverWrittenOver() {
        value(nodeA.set("/g", json("{'a':1}")));
        value(nodeB.set("/g", json("{'b':2}"), WriteOptions.DEFAULTS.withMerge(true)));
        assertEquals(json("{'a':1,'b':2,'c':3}"), value(nodeA.set("/g", json("{'c':3}"), WriteOptions.DEFAULTS.withMerge(true))).item().orElseThrow().data());

        value(nodeA.set("/h", json("{'old':true}")));
        value(nodeB.remove("/h", WriteOptions.DEFAULTS));
        assertEquals(json("{'x':1}"), value(nodeA.set("/h", json("{'x':1}"), WriteOptions.DEFAULTS.withMerge(true))).item().orElseThrow().data());
        value(nodeB.set("/h", json("{'y':2}")));
        assertEquals(1, value(nodeA.increment("/h", "y", 1, WriteOptions.DEFAULTS)).item().orElseThrow().data().size());
        assertEquals(json("{'y':3}"), value(nodeB.get("/h")).orElseThrow().data());
    }

    @Test
    void versionsComeFromTheDatabaseSoEveryNodeOrdersAPathsChangesAlike() throws Exception {
        long first = value(nodeA.set("/v", json("{}"))).item().orElseThrow().meta().version();
        long second = value(nodeB.set("/v", json("{}"))).item().orElseThrow().meta().version();
        long third = value(nodeA.set("/v", json("{}"))).item().orElseThrow().meta().version();
        // one sequence for all nodes: consecutive writes take consecutive numbers, whatever each JVM's clock says
        assertEquals(first + 1, second);
        assertEquals(second + 1, third);
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version FROM switchboard_documents WHERE path = '/v'")) {
            assertTrue(row.next());
            assertEquals(third, row.getLong(1));
        }
    }

    @Test
    void aRemovalOnOneNodeIsOrderedAfterTheOtherNodesWritesAndBeforeTheNextOnes() {
        long written = value(nodeA.set("/r/x", json("{}"))).item().orElseThrow().meta().version();
        List<DataEvent> events = new ArrayList<>();
        DataServiceImpl recording = new DataServiceImpl(1 << 20, event -> {
            events.add(event);
            return new io.switchboard.data.spi.EventPublisher.Publishing(org.osgi.util.promise.Promises.resolved(null),
                    org.osgi.util.promise.Promises.resolved(io.switchboard.data.PublishResults.NONE));
        });
        recording.addProvider(providerB, java.util.Map.of(io.switchboard.data.spi.DataProvider.PATTERNS, "/**"));
        value(recording.remove("/r/*", WriteOptions.DEFAULTS));
        long removal = events.get(0).version();
        long again = value(nodeA.set("/r/x", json("{}"))).item().orElseThrow().meta().version();
        assertTrue(written < removal && removal < again, written + " < " + removal + " < " + again);
    }

    @Test
    void incrementsFromTwoProcessesOnOneCounterLoseNothing() throws Exception {
        int each = 300;
        int threads = 2;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IncrementWorker.class.getName(),
                server.url(), "/counters/shared", "hits", Integer.toString(each), Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("STORE_PASSWORD", server.password());
        Process other = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("READY", out.readLine(), "the other process did not start");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            value(nodeA.increment("/counters/shared", "hits", 1, WriteOptions.DEFAULTS));
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals("DONE " + each * threads, out.readLine(), "the other process did not finish its increments");
        } finally {
            other.destroy();
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(2 * each * threads, value(nodeB.get("/counters/shared")).orElseThrow().data().get("hits").intValue());
    }
}
