package io.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.WriteOptions;
import io.switchboard.data.internal.BenchData;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.internal.BenchSessions;
import io.switchboard.stats.internal.BenchStats;
import io.switchboard.subscription.SubscribeOptions;

/**
 * The stats service's cost on the paths it instruments, with it on and off in one run (issue 16:
 * under 2 %): {@code setToSubscriber} is {@link SetToSubscriberBenchmark}'s set → one in-JVM
 * subscriber (each set timed into {@code switchboard_data_operation_seconds} when on), and
 * {@code sessionPing} one ping frame through a session and its pong back (the frames and bytes each
 * way that {@code switchboard_session_frames_total} and {@code _bytes_total} read). {@code stats=on}
 * binds the stats service as the runtime does (Micrometer with the Prometheus registry); {@code off}
 * binds none, as {@code enabled = false}. Compare the two scores of each benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StatsCostBenchmark {

    static final int BATCH = 10_000;
    static final int PATHS = 1_000;
    private static final byte[] PING = "{\"id\":1,\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

    @Param({ "off", "on" })
    public String stats;

    private BenchStats bench;
    private Stack stack;
    private SessionEndpoint session;
    private final AtomicLong received = new AtomicLong();
    private String[] paths;
    private ObjectNode[] documents;
    private long sent;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stack = new Stack(Store.MEMORY);
        bench = stats.equals("on") ? BenchStats.create() : null;
        if (bench != null) {
            BenchData.bindStats(stack.data, bench.stats());
        }
        stack.subscriptions.on("/bench/**", SubscribeOptions.DEFAULTS, event -> received.incrementAndGet()).getValue();
        paths = Stack.paths("/bench/doc/", PATHS);
        documents = Stack.documents(PATHS);
        session = BenchSessions.open(bench == null ? null : bench.stats());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (bench != null) { // what was measured was counted: the series a scrape shows
            bench.scrape().get().lines().filter(line -> line.startsWith("switchboard_data_operation_seconds_count")
                    || line.startsWith("switchboard_session_frames_total")).forEach(line -> System.out.println("  scraped: " + line));
        }
        stack.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void setToSubscriber() {
        for (int i = 0; i < BATCH; i++) {
            int k = (int) (sent++ % PATHS);
            stack.data.set(paths[k], documents[k], WriteOptions.DEFAULTS);
        }
        while (received.get() < sent) { // spinning: the wait for the subscriber is part of what is measured
            Thread.onSpinWait();
        }
    }

    @Benchmark
    public void sessionPing() {
        session.received(PING, 0, PING.length);
    }
}
