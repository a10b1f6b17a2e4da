package io.switchboard.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.switchboard.data.WriteOptions;

/**
 * set → one in-JVM subscriber, end to end: each invocation writes a batch of 100-byte documents at
 * TRANSACTIONAL (the default) and returns once the subscriber's handler has seen every one of
 * them, so the figure is delivered events per second, not just accepted writes. Goal ≥ 1M/s.
 * With {@code inline=false} (the default for subscriptions) every event crosses to the
 * subscription's thread; {@code inline=true} shows the same path without that hand-off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SetToSubscriberBenchmark extends OneSubscriber {

    static final int BATCH = 10_000;

    @Param({ "MEMORY" })
    public Store store;

    /** false: the handler runs on the subscription's own queue (the default); true: on the writer's thread. */
    @Param({ "false", "true" })
    public boolean inline;

    private long sent;

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected boolean inline() {
        return inline;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void setDeliveredToOneSubscriber() {
        for (int i = 0; i < BATCH; i++) {
            int k = (int) (sent++ % PATHS);
            stack.data.set(paths[k], documents[k], WriteOptions.DEFAULTS);
        }
        awaitReceived(sent);
    }
}
