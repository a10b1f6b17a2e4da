package io.switchboard.mesh.suite;

import io.switchboard.api.mesh.Happn;

/**
 * The test SPI the behaviour suites run on: nodes to start components on, handles on them, and a way
 * to wait until the nodes know of each other's changes. It speaks components-api (and the mesh's
 * exported value types, through {@link MeshNode}) only, so the same suites run on mesh nodes in one
 * JVM ({@code LoopbackNodes}) and on a cluster of real runtime processes (itests'
 * {@code ClusterBehaviour*}).
 */
public interface MeshFixture extends AutoCloseable {

    /** What a client attached to node {@code index} (counted from 0), and an operator looking at it, see. */
    MeshNode node(int index);

    /**
     * Offers a {@code @MeshComponent} class with this version (unless it declares one) to a node and
     * waits until every node knows what became of it.
     *
     * @return the component started, waiting or failed; {@link Deployed#accepted()} false if the node refused a second claim
     *         on the same name and version
     * @throws io.switchboard.api.errors.SwitchboardException when the declaration itself is invalid
     */
    Deployed start(int node, Class<?> type, String version);

    /** A component with these dependencies ({@code "?name range"} for optional ones) whose only job is to give the test its handle. */
    Happn handle(int node, String name, String version, String... dependencies);

    /** Stops a component for good: out of routing at once, drained, closed; returns once it stopped. */
    void stop(int node, Deployed component);

    /**
     * Stops a component the way a bundle update (or a plain bundle stop) does: it may come back, so
     * a gap owned by {@code owner} stays open until {@link #returned} or the rebind time.
     */
    void stopForUpdate(int node, Deployed component, String owner);

    /** The owner of a gap is back, with whatever it now offers, or gone for good: the gap closes. */
    void returned(int node, String owner);

    /** Waits until the nodes know of each other's changes (instances and event subscriptions). */
    void sync();

    /**
     * Runs work as if inside a chain of calls and events that {@code origin} started, {@code hops}
     * events deep: what a component handler sees when a client's call or event reaches it.
     */
    <T> T inChain(io.switchboard.api.mesh.Origin origin, int hops, java.util.concurrent.Callable<T> work) throws Exception;

    /** Whether this fixture can do what a behaviour needs beyond the common ground; the suites skip (an assumption) what it cannot. */
    default boolean can(Ability ability) {
        return true;
    }

    @Override
    void close();

    /** What only some fixtures can do. */
    enum Ability {
        /** Caller and callee in one class space, so that a value can cross as the very same object. */
        SHARED_CLASSES,
        /** Calls from a node's edge as any {@link io.switchboard.api.mesh.Origin}, its session id chosen by the test. */
        CHOSEN_ORIGINS,
        /** A node's security ({@link MeshNode#originPermissions}) replaced or removed while it runs. */
        REPLACEABLE_SECURITY,
        /** {@link MeshFixture#inChain}: the test's own code run inside a chain. */
        CHAINS,
        /** An invalid declaration thrown by {@link MeshFixture#start} or {@link MeshFixture#handle}, rather than a failed component. */
        DECLARATION_ERRORS_THROWN,
        /**
         * A handle's emit takes any object of the test as its payload, one that cannot be data (a map
         * that contains itself) included, rather than what reaches a node from outside: JSON.
         */
        OBJECT_PAYLOADS,
        /**
         * The test reads and sets a suite component's static state (Echo's latches, Customer's handled
         * events): the component's class is the one the test sees, in the test's own JVM.
         */
        COMPONENT_STATE,
        /**
         * The fixture's steps (stopping a bundle, seeing a call still pending) take far less than the
         * 200 ms a test gives a gap to close: in one JVM they are method calls; on real runtimes each
         * is HTTP requests and a wait until the nodes agree, and a call counts as pending only after
         * half a second.
         */
        FAST_STEPS
    }

    /** A component offered to a node, to stop it later. */
    interface Deployed {

        String name();

        String version();

        /** False when the node refused it: another component already claims its name and version there. */
        boolean accepted();
    }
}
