package io.switchboard.mesh.internal.lifecycle;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the mesh's per-method counting costs a call, on or off the stats service (issue 16: the
 * stats' cost under 2 %): {@link MethodCounts} as {@link LocalInstance} uses it per call (the
 * method's counter looked up, the call counted, the clock read at the start and when the answer
 * settles). In the mesh's own package because the class is private to it; the benchmark runs on
 * the class path, not in OSGi. Compare with the server's CPU per call from bench/edge-stats.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MethodCountsBenchmark {

    private final MethodCounts counts = new MethodCounts(System::nanoTime);
    private Method method;

    @Setup
    public void setUp() throws NoSuchMethodException {
        method = Object.class.getMethod("hashCode");
    }

    /** One counted call: what {@code LocalInstance.call} adds to a call that succeeds. */
    @Benchmark
    public long countedCall() {
        MethodCounts.Counter counter = counts.of(method);
        long start = counter.called();
        counter.settled(start);
        return start;
    }

    /** The clock alone, for the share of the two reads in {@link #countedCall}. */
    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }
}
