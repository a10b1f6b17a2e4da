package io.switchboard.system.promise;

import java.lang.reflect.InvocationTargetException;

import org.osgi.util.function.Function;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/**
 * {@link Promise#map} for promises that are most often resolved already: a store's answer from
 * memory, a component's synchronous result. Mapping a resolved promise still makes a deferred
 * promise with its latch and callback queue, runs the callback and resolves it (3.5 % of a
 * pipelined set's server CPU for two maps, bench/README-edge.md); here a resolved promise maps at
 * once into a resolved one. Callbacks on what it returns run on the thread that registers or
 * resolves them (the inline executor), as on the request path's own promises.
 */
public final class Settled {

    private static final PromiseFactory INLINE = new PromiseFactory(PromiseFactory.inlineExecutor());

    private Settled() {
    }

    /**
     * As {@code promise.map(mapper)}: the mapped value, or the promise's failure, or the mapper's
     * own exception as the failure.
     */
    public static <T, R> Promise<R> map(Promise<T> promise, Function<? super T, ? extends R> mapper) {
        return map(promise, mapper, INLINE);
    }

    /**
     * As {@link #map(Promise, Function)}, a promise resolved at once coming from {@code factory}
     * (the mesh's, whose scheduler its timeouts and delays then use).
     */
    public static <T, R> Promise<R> map(Promise<T> promise, Function<? super T, ? extends R> mapper, PromiseFactory factory) {
        if (!promise.isDone()) {
            return promise.map(mapper);
        }
        try {
            Throwable failure = promise.getFailure();
            if (failure != null) {
                return factory.failed(failure);
            }
            return factory.resolved(mapper.apply(promise.getValue()));
        } catch (InvocationTargetException e) {
            return factory.failed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: it is resolved
            return factory.failed(e);
        } catch (Exception e) {
            return factory.failed(e);
        }
    }
}
