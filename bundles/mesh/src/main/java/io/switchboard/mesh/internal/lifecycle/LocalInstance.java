package io.switchboard.mesh.internal.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.EventHandler;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.event.DeliveryJob;
import io.switchboard.mesh.internal.event.Mailbox;
import io.switchboard.mesh.internal.event.ReceivedEvent;
import io.switchboard.mesh.internal.exchange.Abandonable;
import io.switchboard.mesh.internal.exchange.Conversion;
import io.switchboard.mesh.internal.exchange.ConversionFailure;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.exchange.Failures;
import io.switchboard.mesh.internal.exchange.Typed;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.work.CallContext;
import io.switchboard.mesh.internal.work.Drain;

/** A component instance in this JVM: invokes its methods and runs its event handlers, counting both for the drain. */
public final class LocalInstance extends NamedLocalInstance implements Abandonable, Typed {

    private final List<String> events;
    private final ExchangeMethods methods;
    private final Conversion conversion;
    private final PromiseFactory promises;
    private final Mailbox mailbox;
    private final Drain drain = new Drain();
    private final MethodCounts counts;
    private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
    private final Map<Promise<Object>, Pending> pending = new ConcurrentHashMap<>();
    private volatile Object target;
    /** Set when the drain timed out: whatever is still running then gets no success after the stop. */
    private volatile boolean stoppedUnfinished;

    public LocalInstance(String id, String component, String version, String node, List<String> events,
            ExchangeMethods methods, Conversion conversion, PromiseFactory promises, Mailbox mailbox) {
        this(id, component, version, node, events, methods, conversion, promises, mailbox, System::nanoTime);
    }

    /** @param clock a monotonic time in nanoseconds, for the time spent per method: a test's own instead of {@link System#nanoTime()} */
    LocalInstance(String id, String component, String version, String node, List<String> events,
            ExchangeMethods methods, Conversion conversion, PromiseFactory promises, Mailbox mailbox, LongSupplier clock) {
        super(id, component, version, node);
        this.counts = new MethodCounts(clock);
        this.events = List.copyOf(events);
        this.methods = methods;
        this.conversion = conversion;
        this.promises = promises;
        this.mailbox = mailbox;
    }

    /** The component object, once constructed. */
    void target(Object object) {
        this.target = object;
    }

    /** The component object, once constructed (for the component test kit, which hands it to the test). */
    public Object target() {
        return target;
    }

    @Override
    public List<String> methods() {
        return methods.signatures();
    }

    @Override
    public ExchangeMethods exchangeMethods() {
        return methods;
    }

    @Override
    public List<String> events() {
        return events;
    }

    /** Unless the method says it returns without waiting ({@link io.switchboard.api.mesh.NonBlocking}). */
    @Override
    public boolean mayHoldCaller(String method, int arity) {
        return !methods.nonBlocking(method, arity);
    }

    @Override
    public Promise<Object> invoke(String name, List<?> args, Origin origin, int hops) {
        return invoke(name, args, origin, hops, CallOptions.defaults());
    }

    @Override
    public Promise<Object> invoke(String name, List<?> args, Origin origin, int hops, CallOptions options) {
        if (!drain.enter()) {
            return promises.failed(Failures.gone());
        }
        boolean async = false;
        MethodCounts.Counter counter = null;
        long start = 0;
        try {
            Method method = methods.find(name, args.size());
            if (method == null) {
                return promises.failed(noSuchMethod(name, args.size()));
            }
            counter = counts.of(method);
            start = counter.called();
            Object[] converted = convert(method, args, options.isLenient());
            Object result;
            CallContext previous = CallContext.enter(new CallContext(origin, hops));
            try {
                result = method.invoke(target, converted);
            } finally {
                CallContext.restore(previous);
            }
            if (stoppedUnfinished) {
                counter.failed();
                return promises.failed(discarded(name)); // the component was stopped while this ran: no late success
            }
            if (result instanceof Promise<?> answer) {
                async = true;
                return track(answer, name, counter, start);
            }
            return promises.resolved(result);
        } catch (InvocationTargetException e) {
            counter.failed();
            return promises.failed(stoppedUnfinished ? discarded(name) : Failures.calleeFailed(e, component(), version(), name));
        } catch (SwitchboardException e) {
            if (counter != null) {
                counter.failed();
            }
            return promises.failed(e);
        } catch (IllegalAccessException | RuntimeException e) {
            if (counter != null) {
                counter.failed();
            }
            return promises.failed(Failures.calleeFailed(e, component(), version(), name));
        } finally {
            if (!async) {
                if (counter != null) {
                    counter.settled(start);
                }
                drain.exit();
            }
        }
    }

    private Object[] convert(Method method, List<?> args, boolean lenient) {
        java.lang.reflect.Type[] types = method.getGenericParameterTypes();
        Object[] converted = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            try {
                converted[i] = conversion.to(args.get(i), types[i], lenient);
            } catch (ConversionFailure e) {
                throw e.toException(argument(method, i), MeshErrors.BAD_ARGUMENTS);
            }
            if (converted[i] == null && method.getParameterTypes()[i].isPrimitive()) {
                throw new SwitchboardException(MeshErrors.BAD_ARGUMENTS, argument(method, i) + " must not be null");
            }
        }
        return converted;
    }

    /** "deviceManager@1.0.0 update: argument 1", built only for a failure: calls that succeed must not pay for it. */
    private String argument(Method method, int index) {
        return component() + "@" + version() + " " + method.getName() + ": argument " + (index + 1);
    }

    private SwitchboardException noSuchMethod(String name, int arity) {
        String detail = methods.has(name) ? "no method " + name + " taking " + arity + " argument" + (arity == 1 ? "" : "s")
                : "no method " + name;
        return new SwitchboardException(MeshErrors.METHOD_NOT_FOUND,
                component() + "@" + version() + " has " + detail + "; its methods are " + methods.signatures());
    }

    private SwitchboardException discarded(String name) {
        return new SwitchboardException(MeshErrors.DRAIN_TIMEOUT, component() + "@" + version() + " stopped before " + name
                + " answered: it was still running past the drain timeout, and its answer is discarded");
    }

    /**
     * An answer still to come. It holds the drain back until it arrives, or until its caller stops
     * waiting ({@link #abandoned}), or until the drain times out and fails it: whichever is first
     * settles it, once.
     */
    private Promise<Object> track(Promise<?> answer, String name, MethodCounts.Counter counter, long start) {
        Deferred<Object> deferred = promises.deferred();
        Promise<Object> promise = deferred.getPromise();
        Pending entry = new Pending(deferred);
        pending.put(promise, entry);
        answer.onResolve(() -> settle(promise, entry));
        promise.onResolve(() -> counter.settled(start));
        promise.onFailure(failure -> counter.failed());
        @SuppressWarnings("unchecked")
        Promise<Object> typed = (Promise<Object>) answer;
        deferred.resolveWith(typed.recoverWith(p -> promises.failed(
                Failures.calleeFailed(p.getFailure(), component(), version(), name))));
        return promise;
    }

    private void settle(Promise<Object> promise, Pending entry) {
        if (entry.settled.compareAndSet(false, true)) {
            pending.remove(promise, entry);
            drain.exit();
        }
    }

    @Override
    public void abandoned(Promise<?> answer) {
        Pending entry = pending.get(answer);
        if (entry != null) {
            @SuppressWarnings("unchecked")
            Promise<Object> promise = (Promise<Object>) answer;
            settle(promise, entry);
        }
    }

    /** An answer the instance still owes, settled once by whichever comes first. */
    private static final class Pending {
        final Deferred<Object> deferred;
        final AtomicBoolean settled = new AtomicBoolean();

        Pending(Deferred<Object> deferred) {
            this.deferred = deferred;
        }
    }

    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        EventHandler handler = handlers.get(subscriptionId);
        if (handler == null || !drain.enter()) {
            acknowledgement.failed(Failures.gone());
            return;
        }
        mailbox.post(new DeliveryJob(handler, new ReceivedEvent(event, conversion), acknowledgement, failover, drain));
    }

    void addHandler(String subscriptionId, EventHandler handler) {
        handlers.put(subscriptionId, handler);
    }

    void removeHandler(String subscriptionId) {
        handlers.remove(subscriptionId);
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Stops admitting work, hands queued {@code any} events back (so another instance takes them),
     * and waits for the rest. Past the timeout, answers still owed fail with
     * {@link MeshErrors#DRAIN_TIMEOUT}, and a method still running gets its caller the same failure
     * when it returns: the mesh cannot stop a running method, but its caller never hears of a
     * success after the component was stopped.
     *
     * @return the number of owed answers failed because the drain timed out
     */
    int drain(long timeoutMillis) throws InterruptedException {
        drain.stopAdmitting();
        mailbox.withdraw(DeliveryJob::failover, job -> job.settle(Failures.gone()));
        if (drain.await(timeoutMillis)) {
            return 0;
        }
        stoppedUnfinished = true;
        int failed = 0;
        for (Map.Entry<Promise<Object>, Pending> owed : List.copyOf(pending.entrySet())) {
            Pending entry = owed.getValue();
            if (entry.settled.compareAndSet(false, true)) {
                pending.remove(owed.getKey(), entry);
                drain.exit();
                try {
                    entry.deferred.fail(new SwitchboardException(MeshErrors.DRAIN_TIMEOUT, component() + "@" + version() + " stopped "
                            + "before answering: in-flight work did not finish within the drain timeout of " + timeoutMillis + " ms"));
                    failed++;
                } catch (IllegalStateException alreadyAnswered) {
                    // it answered in the meantime
                }
            }
        }
        return failed;
    }

    /** Calls and event deliveries at work now. */
    public int inFlight() {
        return drain.inFlight();
    }

    /** Calls, failures and time spent per method since the instance started. */
    public List<io.switchboard.mesh.MeshSnapshot.MethodCalls> calls() {
        return counts.snapshot();
    }

    boolean closing() {
        return drain.closing();
    }
}
