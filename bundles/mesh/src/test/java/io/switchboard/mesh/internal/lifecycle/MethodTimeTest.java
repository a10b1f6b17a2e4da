package io.switchboard.mesh.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.junit.jupiter.api.Test;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.mesh.internal.event.Mailbox;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;

/**
 * The time spent per method runs from the call reaching the method to its answer being settled: a
 * synchronous answer when the method returns or throws, an asynchronous one when its promise resolves or
 * fails. Time here is a test clock the component itself moves, so no test waits for real time to pass.
 */
class MethodTimeTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    private static final long MS = 1_000_000;

    /** A component whose work "takes" the time it adds to the test clock. */
    public static final class Timed {
        final AtomicLong clock;
        Deferred<String> later;

        public Timed(AtomicLong clock) {
            this.clock = clock;
        }

        public int add(int a, int b) {
            clock.addAndGet(5 * MS);
            return a + b;
        }

        public int fail(String why) {
            clock.addAndGet(2 * MS);
            throw new IllegalStateException(why);
        }

        public Promise<String> later() {
            clock.addAndGet(1 * MS);
            later = PROMISES.deferred();
            return later.getPromise();
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final Timed component = new Timed(clock);
    private final LocalInstance instance = new LocalInstance("n/timed#1", "timed", "1.0.0", "n", List.of(),
            ExchangeMethods.of(Timed.class, new Class<?>[0]), new Conversion(), PROMISES, new Mailbox(Runnable::run), clock::get);

    {
        instance.target(component);
    }

    @Test
    void aSynchronousCallAddsTheTimeUntilItReturnsOrThrows() throws Exception {
        assertEquals(3, instance.invoke("add", List.of(1, 2), Origin.system(), 0, CallOptions.defaults()).getValue());
        assertEquals(7, instance.invoke("add", List.of(3, 4), Origin.system(), 0, CallOptions.defaults()).getValue());
        instance.invoke("fail", List.of("no"), Origin.system(), 0, CallOptions.defaults()).getFailure();

        assertEquals(List.of(new MeshSnapshot.MethodCalls("add(2)", 2, 0, 10 * MS), new MeshSnapshot.MethodCalls("fail(1)", 1, 1, 2 * MS)),
                instance.calls());
    }

    @Test
    void anAsynchronousCallAddsTheTimeUntilItsAnswerArrives() throws Exception {
        Promise<Object> answer = instance.invoke("later", List.of(), Origin.system(), 0, CallOptions.defaults());
        assertEquals(List.of(new MeshSnapshot.MethodCalls("later(0)", 1, 0, 0)), instance.calls(),
                "a call still running is not in the time spent");

        clock.addAndGet(40 * MS); // the answer comes 40 ms after the method returned its promise
        component.later.resolve("done");

        assertEquals("done", answer.getValue());
        assertEquals(List.of(new MeshSnapshot.MethodCalls("later(0)", 1, 0, 41 * MS)), instance.calls());
    }

    @Test
    void anAsynchronousFailureAddsItsTimeAndCountsAsAFailure() throws Exception {
        Promise<Object> answer = instance.invoke("later", List.of(), Origin.system(), 0, CallOptions.defaults());
        clock.addAndGet(9 * MS);
        component.later.fail(new IllegalStateException("down"));

        assertFalse(answer.getFailure() == null);
        assertEquals(List.of(new MeshSnapshot.MethodCalls("later(0)", 1, 1, 10 * MS)), instance.calls());
    }
}
