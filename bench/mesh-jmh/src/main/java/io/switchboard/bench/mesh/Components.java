package io.switchboard.bench.mesh;

import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;

/** The components the benchmarks run. */
final class Components {

    private Components() {
    }

    /** A callee with a method that does almost nothing, so the mesh's own cost shows. */
    @MeshComponent(name = "calculator")
    public static final class Calculator {
        public int add(int a, int b) {
            return a + b;
        }
    }

    /** The caller's view of the calculator. */
    public interface CalculatorClient {
        Promise<Integer> add(int a, int b);
    }

    /** Hands its Happn to the benchmark that started it. */
    public static final class Handle {
        static final ThreadLocal<Happn> LAST = new ThreadLocal<>();

        public Handle(Happn happn) {
            LAST.set(happn);
        }
    }
}
