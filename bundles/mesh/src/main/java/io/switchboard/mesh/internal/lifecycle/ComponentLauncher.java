package io.switchboard.mesh.internal.lifecycle;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.internal.event.DeliveryJob;
import io.switchboard.mesh.internal.event.Mailbox;
import io.switchboard.mesh.internal.event.SubscriptionRecord;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.happn.Handles;
import io.switchboard.mesh.internal.happn.HappnImpl;
import io.switchboard.mesh.internal.route.Matches;

/**
 * Starts a component once every required dependency has a matching instance, and stops one by
 * taking it out of routing, draining it, then closing it.
 *
 * <p>Policy when a required dependency goes away after start: the component keeps running, its calls
 * to that dependency fail at once with {@code mesh.no-matching-version} until an instance is back,
 * and a warning names what it lost. Stopping it instead would cascade one missing component through
 * everything that depends on it.
 *
 * <p>A component withdrawn because its bundle is stopping (it may be an update in place) leaves a
 * gap ({@link io.switchboard.mesh.internal.registry.Rebinding}): callers wait for it to come back,
 * its {@code any} events are held ({@link HeldEvents}), and no dependency is reported lost until the
 * gap closes without it.
 */
public final class ComponentLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentLauncher.class);

    private final LauncherParts parts;
    private final List<ComponentDeclaration> waiting = new ArrayList<>();
    private final Map<ComponentDeclaration, LocalInstance> running = new LinkedHashMap<>();
    /** Components that cannot run, by {@link FailedComponent#key()}, until their bundle stops or offers them again. */
    private final Map<String, FailedComponent> failed = new LinkedHashMap<>();
    /** Instances out of routing that still finish their work. */
    private final Map<ComponentDeclaration, LocalInstance> draining = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final AtomicLong ids = new AtomicLong();
    private final HeldEvents held;
    private boolean reconciling;
    private boolean again;

    public ComponentLauncher(LauncherParts parts) {
        this.parts = parts;
        this.held = new HeldEvents(parts.happn().subscriptions(), parts.handlerPool(), parts.happn().promises());
        parts.happn().registry().onChange(this::reconcile);
        parts.rebinding().onClose(owner -> {
            held.release(owner);
            reconcile(); // a dependency that did not come back is reported lost now
        });
    }

    /** Adds a component; it starts now or once its required dependencies are there. @return false if refused as a duplicate */
    public synchronized boolean offer(ComponentDeclaration declaration) {
        for (ComponentDeclaration other : all()) {
            if (other.label().equals(declaration.label())) {
                LOG.error("two components claim {}: the one from {} runs, the one from {} is not started", declaration.label(),
                        other.owner(), declaration.owner());
                return false;
            }
        }
        failed.remove(key(declaration));
        waiting.add(declaration);
        reconcile();
        parts.described().run();
        if (waiting.contains(declaration)) {
            LOG.info("{} from {} waits for {}", declaration.label(), declaration.owner(), missing(declaration));
        }
        return true;
    }

    /** Removes a component for good: out of routing at once, then drained (bounded), then closed. */
    public void withdraw(ComponentDeclaration declaration) {
        withdraw(declaration, null);
    }

    /**
     * Removes a component that may come back: its bundle is stopping, perhaps to be updated in place.
     *
     * @param gapOwner who may bring it back (its bundle), told later through {@link #returned}; null: gone for good
     */
    public void withdraw(ComponentDeclaration declaration, String gapOwner) {
        LocalInstance instance;
        synchronized (this) {
            if (waiting.remove(declaration) || failed.remove(key(declaration)) != null) {
                parts.described().run();
                return;
            }
            instance = running.remove(declaration);
        }
        if (instance != null) {
            stop(declaration, instance, gapOwner);
        }
    }

    /**
     * A component its bundle declares but that cannot even be offered: its class cannot be loaded, or
     * its declaration is invalid. It is described as {@code failed} until {@link #forget} (its bundle stops).
     *
     * @param what what went wrong, in the mesh's words; the log line adds the detail
     */
    public void unloadable(String name, String version, String owner, List<String> events, String what, Throwable cause) {
        String errorId = FailedComponent.errorId();
        LOG.error("{}@{} from {} {} (error id {}): {}", name, version, owner, what, errorId, cause.toString());
        FailedComponent failure = FailedComponent.of(name, version, owner, events, what, cause.toString(), errorId);
        synchronized (this) {
            failed.put(failure.key(), failure);
        }
        parts.described().run();
    }

    /** Forgets the failures of a bundle that stopped. */
    public void forget(String owner) {
        boolean removed;
        synchronized (this) {
            removed = failed.values().removeIf(failure -> failure.owner().equals(owner));
        }
        if (removed) {
            parts.described().run();
        }
    }

    private static String key(ComponentDeclaration declaration) {
        return declaration.owner() + " " + declaration.label();
    }

    /**
     * Where a delivery goes that names a subscription this node no longer has, while a group is
     * held through an update in place: see {@link HeldEvents#standInFor}. Null otherwise.
     */
    public SubscriptionRecord standInFor(String subscriptionId) {
        return held.standInFor(subscriptionId);
    }

    /** The owner of a gap is back (started again, with whatever it now offers) or gone for good: the gap closes. */
    public void returned(String gapOwner) {
        parts.rebinding().close(gapOwner);
    }

    /** Stops everything, newest first. */
    public void stopAll() {
        List<Map.Entry<ComponentDeclaration, LocalInstance>> all;
        synchronized (this) {
            waiting.clear();
            failed.clear();
            all = new ArrayList<>(running.entrySet());
            running.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            stop(all.get(i).getKey(), all.get(i).getValue(), null);
        }
    }

    /** The instance running for a declaration, or null. */
    public synchronized LocalInstance instance(ComponentDeclaration declaration) {
        return running.get(declaration);
    }

    private void stop(ComponentDeclaration declaration, LocalInstance instance, String gapOwner) {
        // The gap opens and the held events' stand-ins join before the instance leaves, so that no
        // caller or event ever finds the component absent without knowing it is expected back.
        boolean gap = gapOwner != null && parts.rebinding().open(gapOwner, instance);
        if (gap) {
            held.hold(gapOwner, instance);
        }
        parts.happn().registry().remove(instance);
        parts.happn().subscriptions().removeAll(instance);
        parts.happn().contracts().forget(instance.id());
        long drainTimeout = parts.drainTimeoutMillis().getAsLong();
        draining.put(declaration, instance);
        try {
            int inFlight = instance.inFlight();
            int failed = instance.drain(drainTimeout);
            if (failed > 0 || instance.inFlight() > 0) {
                LOG.warn("{} stopped with work unfinished after the drain timeout of {} ms: {} pending answer(s) failed with {}, "
                        + "{} method(s) or event handler(s) still running (a method's caller gets {} when it returns)",
                        declaration.label(), drainTimeout, failed, MeshErrors.DRAIN_TIMEOUT, instance.inFlight(), MeshErrors.DRAIN_TIMEOUT);
            } else if (inFlight > 0) {
                LOG.info("{} drained {} in-flight call(s) and event(s)", declaration.label(), inFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            draining.remove(declaration);
        }
        if (instance.target() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("{} failed while closing: {}", declaration.label(), e.toString());
            }
        }
        parts.happn().conversion().forget();
        parts.routesChanged().run();
        if (gap) {
            parts.rebinding().arm(gapOwner);
        }
        LOG.info("{} stopped", declaration.label());
    }

    private void reconcile() {
        synchronized (this) {
            if (reconciling) {
                again = true;
                return;
            }
            reconciling = true;
            try {
                do {
                    again = false;
                    for (ComponentDeclaration declaration : List.copyOf(waiting)) {
                        if (waiting.contains(declaration) && missing(declaration).isEmpty()) {
                            waiting.remove(declaration);
                            LocalInstance instance = start(declaration);
                            if (instance != null) {
                                running.put(declaration, instance);
                                parts.happn().registry().add(instance);
                            }
                        }
                    }
                } while (again);
                reportCycles();
                reportLostDependencies();
            } finally {
                reconciling = false;
            }
        }
    }

    /** Required dependencies with no instance in range. */
    private List<String> missing(ComponentDeclaration declaration) {
        return unmet(declaration, false);
    }

    /** Missing required dependencies that are not expected back (no gap covers them). */
    private List<String> lost(ComponentDeclaration declaration) {
        return unmet(declaration, true);
    }

    private List<String> unmet(ComponentDeclaration declaration, boolean exceptExpectedBack) {
        List<String> unmet = new ArrayList<>();
        for (DeclaredDependency dependency : declaration.dependencies()) {
            if (!dependency.optional() && Matches.of(parts.happn().registry().instances(dependency.component()), dependency.range()).isEmpty()
                    && !(exceptExpectedBack && parts.rebinding().covers(dependency.component(), dependency.range()))) {
                unmet.add(dependency.component() + " " + dependency.range());
            }
        }
        return unmet;
    }

    private LocalInstance start(ComponentDeclaration declaration) {
        String id = parts.node() + "/" + declaration.label() + "#" + ids.incrementAndGet();
        LocalInstance instance = new LocalInstance(id, declaration.name(), declaration.version(), parts.node(),
                declaration.events(), declaration.methods(), parts.happn().conversion(), parts.happn().promises(),
                new Mailbox(parts.handlerPool()));
        HappnImpl happn = Handles.build(declaration.name(), declaration.version(), declaration.semver(), instance,
                Handles.handlers(instance::addHandler, instance::removeHandler), declaration.dependencies(), parts.happn());
        try {
            instance.target(instantiate(declaration.type(), happn));
        } catch (InvocationTargetException e) {
            return failedToStart(declaration, instance, "failed to start: its constructor threw", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return failedToStart(declaration, instance,
                    "cannot be created: it needs a public constructor taking a Happn, or none", e);
        } catch (LinkageError e) {
            // Thrown as it is, not wrapped, when a static initialiser fails or a class the constructor
            // names is missing. Let through, it would end the reconcile pass (others it would have
            // started stay waiting) and the bundle tracker's add (what the bundle offered is never withdrawn).
            return failedToStart(declaration, instance, "failed to start: its class cannot be initialised", e);
        }
        reported.removeIf(r -> r.startsWith(declaration.label() + " "));
        LOG.info("{} started from {}: methods {}, dependencies {}", declaration.label(), declaration.owner(),
                declaration.methods().signatures(), declaration.dependencies());
        return instance;
    }

    /**
     * A component that did not start stays known as failed, with the reason, until its bundle stops
     * or offers it again: it must not disappear while its bundle shows Active.
     */
    private LocalInstance failedToStart(ComponentDeclaration declaration, LocalInstance instance, String what, Throwable cause) {
        parts.happn().subscriptions().removeAll(instance);
        parts.happn().contracts().forget(instance.id());
        String errorId = FailedComponent.errorId();
        LOG.error("{} from {} {} (error id {}): {}", declaration.label(), declaration.owner(), what, errorId, cause.toString(), cause);
        FailedComponent failure = FailedComponent.of(declaration.name(), declaration.version(), declaration.owner(), declaration.events(),
                what, cause.toString(), errorId);
        failed.put(failure.key(), failure);
        parts.described().run();
        return null;
    }

    private static Object instantiate(Class<?> type, Happn happn) throws ReflectiveOperationException {
        try {
            Constructor<?> withHappn = type.getConstructor(Happn.class);
            return withHappn.newInstance(happn);
        } catch (NoSuchMethodException e) {
            return type.getConstructor().newInstance();
        }
    }

    /** Required dependencies form a cycle among waiting components: none of them can ever start. */
    private void reportCycles() {
        Map<String, ComponentDeclaration> byName = new TreeMap<>();
        waiting.forEach(d -> byName.put(d.name(), d));
        for (ComponentDeclaration start : byName.values()) {
            List<String> path = new ArrayList<>();
            if (cycle(start, byName, path, new HashSet<>()) && reported.add("cycle " + new java.util.TreeSet<>(path))) {
                LOG.error("dependency cycle among waiting components: {}; none of them can start until one makes its dependency optional",
                        String.join(" -> ", path));
            }
        }
    }

    private boolean cycle(ComponentDeclaration at, Map<String, ComponentDeclaration> waitingByName, List<String> path, Set<String> seen) {
        path.add(at.name());
        if (!seen.add(at.name())) {
            return path.indexOf(at.name()) < path.size() - 1 && path.get(0).equals(at.name());
        }
        for (DeclaredDependency dependency : at.dependencies()) {
            ComponentDeclaration next = waitingByName.get(dependency.component());
            if (!dependency.optional() && next != null && cycle(next, waitingByName, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private void reportLostDependencies() {
        for (ComponentDeclaration declaration : running.keySet()) {
            for (String lost : lost(declaration)) {
                if (reported.add(declaration.label() + " lost " + lost)) {
                    LOG.warn("{} keeps running without {}: its calls to it fail with {} until an instance is back",
                            declaration.label(), lost, MeshErrors.NO_MATCHING_VERSION);
                }
            }
            if (lost(declaration).isEmpty()) {
                reported.removeIf(r -> r.startsWith(declaration.label() + " lost "));
            }
        }
    }

    /** Reports handlers running past the ack timeout and releases their events (an {@code any} one goes elsewhere). */
    public void reportOverdueHandlers() {
        long limit = TimeUnit.MILLISECONDS.toNanos(parts.ackTimeoutMillis().getAsLong());
        List<Map.Entry<ComponentDeclaration, LocalInstance>> all;
        synchronized (this) {
            all = new ArrayList<>(running.entrySet());
        }
        for (Map.Entry<ComponentDeclaration, LocalInstance> entry : all) {
            DeliveryJob overdue = entry.getValue().mailbox().overdue(limit);
            if (overdue != null && overdue.markOverdue()) {
                parts.happn().events().stats().overdue();
                LOG.error("{} has been handling event {} for more than {} ms: its later events wait behind it{}",
                        entry.getKey().label(), overdue.event(), parts.ackTimeoutMillis().getAsLong(),
                        overdue.failover() ? "; this one goes to another instance" : "");
                overdue.settle(new SwitchboardException(MeshErrors.TIMEOUT, entry.getKey().label() + " did not acknowledge event "
                        + overdue.event() + " within " + parts.ackTimeoutMillis().getAsLong() + " ms"));
            }
        }
    }

    /** Descriptions of the local components, running and waiting. */
    public synchronized List<ComponentDescription> describe() {
        List<ComponentDescription> all = new ArrayList<>();
        for (ComponentDeclaration declaration : running.keySet()) {
            all.add(description(declaration, "running", List.of()));
        }
        for (ComponentDeclaration declaration : waiting) {
            all.add(description(declaration, "waiting", missing(declaration)));
        }
        for (FailedComponent failure : failed.values()) {
            all.add(new ComponentDescription(failure.name(), failure.version(), ComponentDescription.FAILED, List.of(), failure.events(),
                    Map.of(), Map.of(), List.of(), List.of(), List.of(), failure.reason()));
        }
        return all;
    }

    /** The local components that cannot run. */
    public synchronized List<FailedComponent> failures() {
        return List.copyOf(failed.values());
    }

    /**
     * Why a component has no instance to call, when this node knows: it is waiting for dependencies,
     * or it failed. Empty when nothing here explains it.
     */
    public synchronized String absence(String component) {
        List<String> why = new ArrayList<>();
        for (ComponentDeclaration declaration : waiting) {
            if (declaration.name().equals(component)) {
                why.add(declaration.label() + " is waiting for " + String.join(", ", missing(declaration)));
            }
        }
        for (FailedComponent failure : failed.values()) {
            if (failure.name().equals(component)) {
                why.add(failure.label() + " failed: " + failure.reason());
            }
        }
        return String.join("; ", why);
    }

    /** The running instances of this node, with their declarations, for the snapshot. */
    public synchronized Map<ComponentDeclaration, LocalInstance> runningInstances() {
        return new LinkedHashMap<>(running);
    }

    /** The declarations of this node's components that are waiting or running. */
    public synchronized List<ComponentDeclaration> declarations() {
        return all();
    }

    /** Instances that left routing and still finish their work. */
    public Map<ComponentDeclaration, LocalInstance> drainingInstances() {
        return new LinkedHashMap<>(draining);
    }

    private ComponentDescription description(ComponentDeclaration declaration, String state, List<String> waitingFor) {
        Map<String, String> required = new TreeMap<>();
        Map<String, String> optional = new TreeMap<>();
        for (DeclaredDependency dependency : declaration.dependencies()) {
            (dependency.optional() ? optional : required).put(dependency.component(), dependency.range().toString());
        }
        return new ComponentDescription(declaration.name(), declaration.version(), state, declaration.methods().signatures(),
                declaration.events(), required, optional,
                state.equals("running") ? List.of(parts.node()) : List.of(), waitingFor,
                parts.happn().contracts().mismatches(declaration.label()));
    }

    private List<ComponentDeclaration> all() {
        List<ComponentDeclaration> all = new ArrayList<>(waiting);
        all.addAll(running.keySet());
        return all;
    }
}
