package io.switchboard.mesh.internal.exchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.osgi.util.promise.TimeoutException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.registry.Rebinding;
import io.switchboard.mesh.internal.route.Callee;
import io.switchboard.mesh.internal.route.Matches;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * Sends a call to the instance its route chooses. An instance that left routing between being chosen
 * and being called is replaced by another, never by itself again within that call (another node's
 * registry entry can outlive the instance by a moment), so a swap never reaches the caller. When no instance is in
 * range while one is expected back (its bundle is being updated in place: see {@link Rebinding}),
 * the call waits for it, bounded; every other failure is reported at once with its own code.
 */
public final class Dispatcher {

    /**
     * A guard only: each reroute leaves out the instance that left, so a call runs out of candidates
     * long before this unless instances keep arriving only to leave; it also bounds the ids a call keeps.
     */
    private static final int MAX_REROUTES = 32;

    /** Stands for the outcome of an instance that left before it started a {@link #callAll}: dropped from the list. */
    private static final CallOutcome LEFT = CallOutcome.failure("", "", Failures.gone());

    private final PromiseFactory promises;
    private final LongSupplier defaultTimeoutMillis;
    private final Rebinding rebinding;
    private final java.util.function.UnaryOperator<String> absence;

    /**
     * @param defaultTimeoutMillis read at each call: the setting can change while the mesh runs
     * @param absence              why a component has no instance here, when the node knows (it waits
     *                             for a dependency, or failed to start); empty when it does not
     */
    public Dispatcher(PromiseFactory promises, LongSupplier defaultTimeoutMillis, Rebinding rebinding,
            java.util.function.UnaryOperator<String> absence) {
        this.promises = promises;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.rebinding = rebinding;
        this.absence = absence;
    }

    public Promise<Object> call(Callee callee, String method, List<?> args, CallOptions options, Origin origin, int hops) {
        return call(callee, method, args, options, origin, hops, chosen -> { });
    }

    /**
     * {@link #call(Callee, String, List, CallOptions, Origin, int)}, telling {@code chosen} each
     * instance the call is sent to: the last one told before the answer is the one that answered.
     */
    public Promise<Object> call(Callee callee, String method, List<?> args, CallOptions options, Origin origin, int hops,
            Consumer<Instance> chosen) {
        SemverRange extra;
        try {
            extra = extraRange(options);
        } catch (SwitchboardException e) {
            return promises.failed(e);
        }
        return attempt(callee, extra, method, args, options, origin, hops, Set.of(), chosen);
    }

    private Promise<Object> attempt(Callee callee, SemverRange extra, String method, List<?> args, CallOptions options,
            Origin origin, int hops, Set<String> left, Consumer<Instance> chosen) {
        Matches matches = callee.matches(extra, left);
        if (matches.isEmpty()) {
            if (!left.isEmpty() && !callee.matches(extra).isEmpty()) {
                // every instance still listed here answered that it left: wait for their node's news (it
                // may open a gap), then route afresh; what is listed then is new, whatever its id
                Promise<Boolean> unlisted = rebinding.awaitUnlisted(callee.component(), left);
                if (unlisted == null) {
                    return promises.failed(noneLeft(callee, extra, method, left));
                }
                return unlisted.flatMap(changed -> changed ? attempt(callee, extra, method, args, options, origin, hops, Set.of(), chosen)
                        : promises.failed(noneLeft(callee, extra, method, left)));
            }
            Promise<Void> back = rebinding.await(callee.component(), range(callee, extra), callee.localOnly());
            if (back != null) {
                // what left is no longer listed: an instance listed when the gap is over is new, whatever its id
                return back.flatMap(v -> attempt(callee, extra, method, args, options, origin, hops, Set.of(), chosen));
            }
            matches = lookAgain(callee, extra, left);
            if (matches.isEmpty()) {
                return promises.failed(noMatch(callee, extra));
            }
        }
        Instance target = callee.strategy(options.route()).choose(matches, options.stickyKey());
        chosen.accept(target);
        Promise<Object> answer = target.invoke(method, args, origin, hops, options);
        if (answer.isDone()) {
            Throwable failure = failureOf(answer);
            if (failure == null) {
                return answer;
            }
            return Failures.isGone(failure) ? reroute(callee, extra, method, args, options, origin, hops, left, target, chosen) : answer;
        }
        long timeout = timeoutMillis(options);
        // One promise and one timer task per call that waits: the promise library's timeout() chain
        // made three promises and a TimeoutException (its stack trace filled in) for every call.
        Deferred<Object> result = promises.deferred();
        AtomicBoolean decided = new AtomicBoolean(); // the timeout or the answer, whichever comes first, settles the call
        ScheduledFuture<?> timer = schedule(() -> {
            if (decided.compareAndSet(false, true)) {
                result.fail(timedOut(target, method, timeout));
                abandon(target, answer);
            }
        }, timeout);
        answer.onResolve(() -> {
            if (timer != null) {
                timer.cancel(false);
            }
            if (!decided.compareAndSet(false, true)) {
                return; // timed out first: the caller has its answer
            }
            try {
                Throwable failure = failureOf(answer);
                if (failure == null) {
                    result.resolve(valueOf(answer));
                } else if (Failures.isGone(failure)) {
                    result.resolveWith(reroute(callee, extra, method, args, options, origin, hops, left, target, chosen));
                } else {
                    result.fail(failure);
                }
            } catch (RuntimeException e) {
                result.fail(e); // as a failing step of a promise chain would
            }
        });
        return result.getPromise();
    }

    /** Runs the call's timeout after {@code millis}; at once if the mesh's timer is gone (as the promise library did). */
    private ScheduledFuture<?> schedule(Runnable timeout, long millis) {
        try {
            return promises.scheduledExecutor().schedule(timeout, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            timeout.run();
            return null;
        }
    }

    /**
     * The chosen instance left before it started the call: the caller's routing chooses again among
     * the matching instances, without it and without those that left before it in this call. The
     * registry may still list it (another node's entry goes only when that node's record changes
     * here), and a route would otherwise choose it again: a sticky key stays on it, prefer-local
     * keeps it while it is the only one of the highest version, and round robin comes back to it
     * whenever other calls take their turns in between. Past the reroute limit the caller gets a
     * coded failure of its own, never the internal "gone" signal.
     */
    private Promise<Object> reroute(Callee callee, SemverRange extra, String method, List<?> args, CallOptions options,
            Origin origin, int hops, Set<String> left, Instance gone, Consumer<Instance> chosen) {
        if (left.size() < MAX_REROUTES) {
            Set<String> without = new HashSet<>(left);
            without.add(gone.id());
            return attempt(callee, extra, method, args, options, origin, hops, Set.copyOf(without), chosen);
        }
        return promises.failed(leftBeforeAnswering(gone, method));
    }

    /**
     * Calls every matching instance and gathers each one's answer; fails only when none matches. An
     * instance that answers it left before it started the call is not one of them any more: it has
     * no outcome (when all of them left, {@code mesh.no-matching-version}).
     */
    public Promise<List<CallOutcome>> callAll(Callee callee, String method, List<?> args, CallOptions options, Origin origin,
            int hops) {
        SemverRange extra;
        try {
            extra = extraRange(options);
        } catch (SwitchboardException e) {
            return promises.failed(e);
        }
        return gather(callee, extra, method, args, options, origin, hops);
    }

    private Promise<List<CallOutcome>> gather(Callee callee, SemverRange extra, String method, List<?> args, CallOptions options,
            Origin origin, int hops) {
        Matches matches = callee.matches(extra);
        if (matches.isEmpty()) {
            Promise<Void> back = rebinding.await(callee.component(), range(callee, extra), callee.localOnly());
            if (back != null) {
                return back.flatMap(v -> gather(callee, extra, method, args, options, origin, hops));
            }
            matches = lookAgain(callee, extra, Set.of());
            if (matches.isEmpty()) {
                return promises.failed(noMatch(callee, extra));
            }
        }
        long timeout = timeoutMillis(options);
        List<Promise<CallOutcome>> outcomes = new ArrayList<>();
        Set<String> left = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (Instance target : matches.all()) {
            Promise<Object> invoked = target.invoke(method, args, origin, hops, options);
            Promise<Object> answer = promises.resolvedWith(invoked).timeout(timeout);
            outcomes.add(answer.map(value -> CallOutcome.value(target.id(), target.version(), value))
                    .recover(failed -> {
                        if (failed.getFailure() instanceof TimeoutException) {
                            abandon(target, invoked);
                        }
                        if (Failures.isGone(failed.getFailure())) {
                            left.add(target.id());
                            return LEFT;
                        }
                        return CallOutcome.failure(target.id(), target.version(),
                                outcomeFailure(failed.getFailure(), target, method, timeout));
                    }));
        }
        return promises.all(outcomes).flatMap(all -> {
            List<CallOutcome> remaining = all.stream().filter(outcome -> outcome != LEFT).toList();
            return remaining.isEmpty() ? promises.failed(noneLeft(callee, extra, method, left)) : promises.resolved(remaining);
        });
    }

    /** The caller stopped waiting: the answer must not hold the instance's drain back any longer. */
    private static void abandon(Instance target, Promise<Object> answer) {
        if (target instanceof Abandonable owing) {
            owing.abandoned(answer);
        }
    }

    private static SwitchboardException outcomeFailure(Throwable failure, Instance target, String method, long timeout) {
        if (failure instanceof TimeoutException) {
            return timedOut(target, method, timeout);
        }
        return Failures.coded(failure, target.component(), target.version(), method);
    }

    private static SwitchboardException timedOut(Instance target, String method, long timeout) {
        return new SwitchboardException(MeshErrors.TIMEOUT,
                target.component() + "@" + target.version() + " did not answer " + method + " within " + timeout + " ms");
    }

    private static SwitchboardException leftBeforeAnswering(Instance target, String method) {
        return new SwitchboardException(MeshErrors.NO_MATCHING_VERSION,
                target.component() + "@" + target.version() + " left before it could answer " + method);
    }

    /** The per-call range, or null for the declared one alone. @throws SwitchboardException {@code mesh.invalid-range} */
    private static SemverRange extraRange(CallOptions options) {
        return options.range() == null ? null : SemverRange.parse(options.range());
    }

    private long timeoutMillis(CallOptions options) {
        return options.timeout() == null ? defaultTimeoutMillis.getAsLong() : options.timeout().toMillis();
    }

    private static SemverRange range(Callee callee, SemverRange extra) {
        return extra == null ? callee.declared() : callee.declared().and(extra);
    }

    /**
     * The matches once more, after no gap was found to wait on. An instance that came back (an update
     * in place) is registered before its gap closes, so between the first look and the gap check it
     * may have done both: without this second look the caller would fail while the instance is there.
     */
    private static Matches lookAgain(Callee callee, SemverRange extra, Set<String> left) {
        return callee.matches(extra, left);
    }

    /**
     * The registry still lists matching instances, but each answered this call that it had left (it
     * is being removed on its node, which has not told this one yet): in the caller's terms, no
     * instance in range is left, which {@code mesh.no-matching-version} says.
     */
    private SwitchboardException noneLeft(Callee callee, SemverRange extra, String method, Set<String> left) {
        return new SwitchboardException(MeshErrors.NO_MATCHING_VERSION, "no instance of " + callee.component() + " matches "
                + range(callee, extra) + " any more: " + new TreeSet<>(left) + " left before " + (left.size() == 1 ? "it" : "they")
                + " could answer " + method);
    }

    /** The message says why there is no instance when this node knows: waiting for a dependency, or failed to start. */
    private SwitchboardException noMatch(Callee callee, SemverRange extra) {
        SemverRange range = range(callee, extra);
        String why = absence.apply(callee.component());
        return new SwitchboardException(MeshErrors.NO_MATCHING_VERSION, "no instance of " + callee.component()
                + " matches " + range + "; versions present: " + Matches.versionsPresent(callee.registry().instances(callee.component()))
                + (why == null || why.isEmpty() ? "" : "; " + why));
    }

    private static Object valueOf(Promise<Object> done) {
        try {
            return done.getValue();
        } catch (java.lang.reflect.InvocationTargetException | InterruptedException e) {
            throw new IllegalStateException("a resolved answer could not be read", e);
        }
    }

    private static Throwable failureOf(Promise<?> done) {
        try {
            return done.getFailure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
