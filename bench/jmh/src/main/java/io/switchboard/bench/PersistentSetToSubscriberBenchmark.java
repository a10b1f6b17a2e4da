package io.switchboard.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.switchboard.data.WriteOptions;

/**
 * set → one in-JVM subscriber on the persistent (H2 MVStore) provider at TRANSACTIONAL: every write
 * is durable before it is acknowledged. MVSTORE_FSYNC commits and fsyncs (group commit: concurrent
 * writers share an fsync); MVSTORE_COMMIT commits to the OS without fsync (survives kill -9, not
 * power loss). Four writer threads, each waiting for its own write's acknowledgement, as
 * concurrent clients would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(4)
public class PersistentSetToSubscriberBenchmark extends OneSubscriber {

    static final int BATCH = 100;

    @Param({ "MVSTORE_FSYNC", "MVSTORE_COMMIT" })
    public Store store;

    private final AtomicLong sent = new AtomicLong();

    @Override
    protected Store store() {
        return store;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void durableSetDeliveredToOneSubscriber() throws Exception {
        long last = 0;
        for (int i = 0; i < BATCH; i++) {
            long n = sent.getAndIncrement();
            int k = (int) (n % PATHS);
            stack.data.set(paths[k], documents[k], WriteOptions.DEFAULTS).getValue(); // resolved = durable
            last = n + 1;
        }
        awaitReceived(last);
    }
}
