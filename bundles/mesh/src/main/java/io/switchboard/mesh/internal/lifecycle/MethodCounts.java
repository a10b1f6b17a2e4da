package io.switchboard.mesh.internal.lifecycle;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.switchboard.mesh.MeshSnapshot;

/**
 * Calls, failures and time spent per method of one instance, for operators. Keyed by the instance's own
 * methods only (a call to a method it does not have is not counted), so what callers send cannot grow it;
 * a call costs two reads of the clock and two uncontended adds (three when it fails), and allocates nothing.
 */
final class MethodCounts {

    /** One method's counts. */
    static final class Counter {
        private final LongAdder calls = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder nanos = new LongAdder();
        private final LongSupplier clock;

        Counter(LongSupplier clock) {
            this.clock = clock;
        }

        /** Counts a call that starts now; returns its start, to hand to {@link #settled(long)}. */
        long called() {
            calls.increment();
            return clock.getAsLong();
        }

        /** Adds the time from {@code start} to now: once per call, when its answer (sync or async) is settled. */
        void settled(long start) {
            nanos.add(clock.getAsLong() - start);
        }

        void failed() {
            failures.increment();
        }
    }

    private final Map<Method, Counter> byMethod = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    /** @param clock a monotonic time in nanoseconds ({@link System#nanoTime()}; a test's own otherwise) */
    MethodCounts(LongSupplier clock) {
        this.clock = clock;
    }

    Counter of(Method method) {
        Counter counter = byMethod.get(method);
        return counter != null ? counter : byMethod.computeIfAbsent(method, m -> new Counter(clock));
    }

    /** Every method called so far, as {@code name(arity)}, by name. */
    List<MeshSnapshot.MethodCalls> snapshot() {
        List<MeshSnapshot.MethodCalls> all = new ArrayList<>();
        byMethod.forEach((method, counter) -> all.add(new MeshSnapshot.MethodCalls(method.getName() + "(" + method.getParameterCount() + ")",
                counter.calls.sum(), counter.failures.sum(), counter.nanos.sum())));
        all.sort(java.util.Comparator.comparing(MeshSnapshot.MethodCalls::method));
        return all;
    }
}
