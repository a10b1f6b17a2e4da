package io.switchboard.bench.mesh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.SubscribeOptions;

/**
 * Events in one JVM: each operation is one emitted event. Events are emitted in batches of
 * {@value #BATCH}; a batch ends when its last event is acknowledged, which, since each subscriber
 * handles its events in order, means every event of the batch was handled.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventBenchmark {

    static final int BATCH = 1000;
    static final int SUBSCRIBERS = 10;

    private MeshBench mesh;
    private Happn sensor;
    final LongAdder handled = new LongAdder();

    @Setup(Level.Trial)
    public void setUp() {
        mesh = new MeshBench();
        sensor = mesh.handle("sensor", "1.0.0");
        for (int i = 0; i < SUBSCRIBERS; i++) {
            // ten components subscribing 'all', and one component group of ten instances (versions) subscribing 'any'
            mesh.handle("browser" + i, "1.0.0", "sensor ^1.0.0").event().on("sensor", "all", SubscribeOptions.all(),
                    event -> handled.increment());
            mesh.handle("customer", "1." + i + ".0", "sensor ^1.0.0").event().on("sensor", "any", SubscribeOptions.any(),
                    event -> handled.increment());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mesh.close();
    }

    /** One event to each of ten 'all' subscribers: deliveries per second are ten times the score. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int allToTenSubscribers() throws Exception {
        return batch("all");
    }

    /** One event to one of ten 'any' instances, in turn. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int anyOverTenInstances() throws Exception {
        return batch("any");
    }

    private int batch(String event) throws Exception {
        Promise<Integer> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = sensor.emit(event, i);
        }
        return last.getValue();
    }
}
