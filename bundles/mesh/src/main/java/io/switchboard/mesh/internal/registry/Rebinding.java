package io.switchboard.mesh.internal.registry;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.semver4j.Semver;

import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.version.SemverRange;
import io.switchboard.mesh.internal.version.Versions;

/**
 * Gaps: instances that left routing because their bundle is stopping, and that may come back in a
 * moment, as they do when the bundle is updated in place (stop, then start of the new revision). A
 * caller that finds no instance in range while a gap covers one waits for an instance in range
 * rather than failing.
 *
 * <p>OSGi tells a stop for an update from a stop for good only after the fact (the bundle is
 * {@code UPDATED} or {@code UNINSTALLED} after it stopped), so every stop of a bundle opens a gap,
 * and the gap closes at the first of: the bundle is back (started again, whatever it now offers),
 * it is uninstalled, or {@code rebindMillis} have passed since its instances finished stopping.
 * Waiting callers then see what routing holds at that moment: an instance, or the usual
 * {@code mesh.no-matching-version}. A component that never ran, or whose bundle is gone, has no gap,
 * so calls to it fail at once as before.
 */
public final class Rebinding {

    /**
     * Distinct (component, range) pairs that callers wait on at once. Ranges come from callers,
     * clients among them; past this many, a caller waits for the gap to close instead (it then
     * routes again, as every waiting caller does), so the waits cannot grow with what clients send.
     */
    static final int MAX_WAITS = 1_024;

    private final InstanceRegistry registry;
    private final PromiseFactory resumer;
    private final ScheduledExecutorService timer;
    private final LongSupplier rebindMillis;
    private final Map<String, Gap> gaps = new ConcurrentHashMap<>();
    private final Map<WaitKey, Waiting> waits = new ConcurrentHashMap<>();
    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
    private final Set<Unlisting> unlistings = ConcurrentHashMap.newKeySet();

    /**
     * What one owner (a bundle) withdrew, and when its gap closes by itself. Names and versions
     * only: a gap must not keep a stopped instance, and its class loader, alive.
     */
    private static final class Gap {
        /** Opened for an instance of this node (by its launcher), not mirrored from another node's. */
        final boolean here;
        final List<Left> left = new CopyOnWriteArrayList<>();
        volatile ScheduledFuture<?> expiry;
        /** Resolved when the gap closes: what callers wait on once {@link #MAX_WAITS} ranges are waited for. */
        volatile Deferred<Void> closed;

        Gap(boolean here) {
            this.here = here;
        }
    }

    private record Left(String component, Semver version) {
    }

    /** Callers waiting for the same component in the same range share one promise. */
    private record WaitKey(String component, String range, boolean localOnly) {
    }

    private record Waiting(SemverRange range, Deferred<Void> back) {
    }

    /** A caller waiting for routing to stop listing instances that answered it that they left. */
    private record Unlisting(String component, Set<String> left, Deferred<Boolean> done) {
    }

    /**
     * @param resumer      runs waiting callers' continuations; not the thread that changed routing,
     *                     which may be starting a component under the launcher's lock
     * @param rebindMillis how long a gap stays open after its instances stopped; 0 opens none. Read at
     *                     each stop: the setting can change while the mesh runs
     */
    public Rebinding(InstanceRegistry registry, PromiseFactory resumer, ScheduledExecutorService timer, LongSupplier rebindMillis) {
        this.registry = registry;
        this.resumer = resumer;
        this.timer = timer;
        this.rebindMillis = rebindMillis;
        registry.onChange(this::recheck);
    }

    public long rebindMillis() {
        return rebindMillis.getAsLong();
    }

    /** Runs {@code listener} with the owner each time a gap closes, on the thread that closed it. */
    public void onClose(Consumer<String> listener) {
        closeListeners.add(listener);
    }

    /** Opens (or widens) the owner's gap; call it before the instance leaves routing. @return whether a gap is open */
    public boolean open(String owner, Instance leaving) {
        return open(owner, leaving.component(), leaving.version(), leaving.local());
    }

    /**
     * {@link #open(String, Instance)} by name and version: {@code here} for an instance of this
     * node, otherwise one that another node expects back (the cluster mirrors it; it closes when that
     * node says so, or {@link #arm} was called).
     *
     * @throws io.switchboard.api.errors.SwitchboardException {@code mesh.invalid-version}
     */
    public boolean open(String owner, String component, String version, boolean here) {
        Semver parsed = Versions.parse(version);
        if (rebindMillis.getAsLong() <= 0) {
            return false;
        }
        Gap gap = gaps.computeIfAbsent(owner, o -> new Gap(here));
        ScheduledFuture<?> expiry = gap.expiry;
        if (expiry != null) {
            expiry.cancel(false); // stopping again: the clock restarts when this stop is over
        }
        gap.left.add(new Left(component, parsed));
        if (gap.closed == null) {
            gap.closed = resumer.deferred();
        }
        return true;
    }

    /** The owner's instances have stopped: its gap closes by itself {@code rebindMillis} from now. */
    public void arm(String owner) {
        Gap gap = gaps.get(owner);
        if (gap == null || timer.isShutdown()) {
            return;
        }
        ScheduledFuture<?> previous = gap.expiry;
        if (previous != null) {
            previous.cancel(false);
        }
        gap.expiry = timer.schedule(() -> close(owner, gap), rebindMillis.getAsLong(), TimeUnit.MILLISECONDS);
    }

    /** The owner is back, or gone for good: its gap closes now. */
    public void close(String owner) {
        Gap gap = gaps.get(owner);
        if (gap != null) {
            close(owner, gap);
        }
    }

    private void close(String owner, Gap gap) {
        if (!gaps.remove(owner, gap)) {
            return;
        }
        ScheduledFuture<?> expiry = gap.expiry;
        if (expiry != null) {
            expiry.cancel(false);
        }
        recheck();
        Deferred<Void> closed = gap.closed;
        if (closed != null) {
            closed.resolve(null);
        }
        closeListeners.forEach(listener -> listener.accept(owner));
    }

    /** Closes every gap (the mesh is stopping): nobody waits any more. */
    public void closeAll() {
        gaps.keySet().forEach(this::close);
        recheck();
    }

    /** The instances of this node that open gaps hold (not those mirrored from other nodes), each once. */
    public List<ExpectedBack> expectedHere() {
        Set<ExpectedBack> expected = new LinkedHashSet<>();
        for (Gap gap : gaps.values()) {
            if (gap.here) {
                gap.left.forEach(left -> expected.add(new ExpectedBack(left.component(), left.version().getVersion())));
            }
        }
        return List.copyOf(expected);
    }

    /** Whether an open gap holds an instance of the component in the range. */
    public boolean covers(String component, SemverRange range) {
        for (Gap gap : gaps.values()) {
            for (Left left : gap.left) {
                if (left.component().equals(component) && range.includes(left.version())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For a caller that found no instance in range: a promise that resolves once one is there or
     * once no gap covers the range any more (the caller then routes again), or null when no gap
     * covers it (the caller fails at once).
     */
    public Promise<Void> await(String component, SemverRange range, boolean localOnly) {
        if (gaps.isEmpty() || !covers(component, range)) {
            return null;
        }
        WaitKey key = new WaitKey(component, range.toString(), localOnly);
        if (waits.size() >= MAX_WAITS && !waits.containsKey(key)) {
            Promise<Void> closing = closingOf(component, range);
            if (closing != null) {
                return closing;
            }
        }
        Waiting waiting = waits.computeIfAbsent(key, k -> new Waiting(range, resumer.deferred()));
        settleIfOver(key, waiting); // the instance may have come back, or the gap closed, meanwhile
        return waiting.back().getPromise();
    }

    /** The promise that a gap covering the component in the range closes, or null when none covers it any more. */
    private Promise<Void> closingOf(String component, SemverRange range) {
        for (Gap gap : gaps.values()) {
            Deferred<Void> closed = gap.closed;
            for (Left left : gap.left) {
                if (closed != null && left.component().equals(component) && range.includes(left.version())) {
                    return closed.getPromise();
                }
            }
        }
        return null;
    }

    /**
     * For a caller whose every listed instance in range answered that it had left: they are being
     * removed on their node, which has not told this one yet, and its news may bring a gap with it
     * (an update in place). Resolves with true once routing lists none of them any more (the caller
     * routes again: to what came back, to a gap, or to a failure), or with false after
     * {@code rebindMillis} (the caller fails). Null when rebinding is off, or when
     * {@link #MAX_WAITS} callers already wait so: the caller fails at once, as it did before gaps.
     */
    public Promise<Boolean> awaitUnlisted(String component, Set<String> left) {
        long millis = rebindMillis.getAsLong();
        if (millis <= 0 || unlistings.size() >= MAX_WAITS || timer.isShutdown()) {
            return null;
        }
        Unlisting unlisting = new Unlisting(component, Set.copyOf(left), resumer.deferred());
        unlistings.add(unlisting);
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            if (unlistings.remove(unlisting)) {
                unlisting.done().resolve(false);
            }
        }, millis, TimeUnit.MILLISECONDS);
        unlisting.done().getPromise().onResolve(() -> expiry.cancel(false));
        settleIfUnlisted(unlisting); // the news may have come meanwhile
        return unlisting.done().getPromise();
    }

    private void settleIfUnlisted(Unlisting unlisting) {
        boolean listed = registry.instances(unlisting.component()).stream().anyMatch(r -> unlisting.left().contains(r.instance().id()));
        if (!listed && unlistings.remove(unlisting)) {
            unlisting.done().resolve(true);
        }
    }

    /** How many (component, range) pairs callers wait on. */
    int waiting() {
        return waits.size();
    }

    private void recheck() {
        waits.forEach(this::settleIfOver);
        unlistings.forEach(this::settleIfUnlisted);
    }

    private void settleIfOver(WaitKey key, Waiting waiting) {
        boolean back = registry.instances(key.component()).stream().anyMatch(
                r -> waiting.range().includes(r.version()) && (!key.localOnly() || r.instance().local()));
        if ((back || !covers(key.component(), waiting.range())) && waits.remove(key, waiting)) {
            waiting.back().resolve(null);
        }
    }
}
