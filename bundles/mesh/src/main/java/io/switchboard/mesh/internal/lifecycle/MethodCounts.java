package io.switchboard.mesh.internal.lifecycle;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.switchboard.mesh.MeshSnapshot;

/**
 * Calls and failures per method of one instance, for operators. Keyed by the instance's own methods
 * only (a call to a method it does not have is not counted), so what callers send cannot grow it;
 * a call costs two uncontended adds.
 */
final class MethodCounts {

    /** One method's counts. */
    static final class Counter {
        private final LongAdder calls = new LongAdder();
        private final LongAdder failures = new LongAdder();

        void called() {
            calls.increment();
        }

        void failed() {
            failures.increment();
        }
    }

    private final Map<Method, Counter> byMethod = new ConcurrentHashMap<>();

    Counter of(Method method) {
        Counter counter = byMethod.get(method);
        return counter != null ? counter : byMethod.computeIfAbsent(method, m -> new Counter());
    }

    /** Every method called so far, as {@code name(arity)}, by name. */
    List<MeshSnapshot.MethodCalls> snapshot() {
        List<MeshSnapshot.MethodCalls> all = new ArrayList<>();
        byMethod.forEach((method, counter) -> all.add(new MeshSnapshot.MethodCalls(method.getName() + "(" + method.getParameterCount() + ")",
                counter.calls.sum(), counter.failures.sum())));
        all.sort(java.util.Comparator.comparing(MeshSnapshot.MethodCalls::method));
        return all;
    }
}
