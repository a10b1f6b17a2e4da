package io.switchboard.bench.mesh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Happn;

/** An in-JVM call through a typed proxy, caller and callee sharing their classes, on one thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ExchangeBenchmark {

    private MeshBench mesh;
    private Components.CalculatorClient calculator;
    private Happn caller;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        mesh = new MeshBench();
        mesh.start(Components.Calculator.class, "1.0.0");
        caller = mesh.handle("caller", "1.0.0", "calculator ^1.0.0");
        calculator = caller.exchange().proxy("calculator", Components.CalculatorClient.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mesh.close();
    }

    @Benchmark
    public Promise<Integer> typedProxyCall() {
        return calculator.add(n++, 1);
    }

    @Benchmark
    public Promise<Object> dynamicCall() {
        return caller.exchange().call("calculator", "add", List.of(n++, 1));
    }
}
