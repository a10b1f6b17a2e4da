package io.switchboard.system.promise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/** {@link Settled#map} answers as {@link Promise#map} does, at once when it can. */
class SettledTest {

    private static final PromiseFactory INLINE = new PromiseFactory(PromiseFactory.inlineExecutor());

    @Test
    void aResolvedPromiseMapsAtOnceAndItsCallbacksRunOnTheRegisteringThread() throws Exception {
        Promise<Integer> mapped = Settled.map(INLINE.resolved(20), n -> n + 1);
        assertTrue(mapped.isDone());
        assertEquals(21, mapped.getValue());
        Thread[] ranOn = new Thread[1];
        mapped.onResolve(() -> ranOn[0] = Thread.currentThread());
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    @Test
    void aFailureIsKeptAndTheMapperIsNotCalled() throws Exception {
        IllegalStateException cause = new IllegalStateException("no");
        boolean[] called = {false};
        Promise<Integer> mapped = Settled.map(INLINE.<Integer>failed(cause), n -> {
            called[0] = true;
            return n;
        });
        assertSame(cause, mapped.getFailure());
        assertFalse(called[0]);
    }

    @Test
    void theMappersExceptionIsTheFailure() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("bad");
        Promise<Integer> mapped = Settled.map(INLINE.resolved(1), n -> {
            throw thrown;
        });
        assertSame(thrown, mapped.getFailure());
    }

    @Test
    void anUnresolvedPromiseMapsWhenItResolves() throws Exception {
        Deferred<Integer> later = INLINE.deferred();
        Promise<Integer> mapped = Settled.map(later.getPromise(), n -> n * 2);
        assertFalse(mapped.isDone());
        later.resolve(4);
        assertEquals(8, mapped.getValue());
    }
}
