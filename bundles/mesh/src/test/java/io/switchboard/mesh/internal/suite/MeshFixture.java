package io.switchboard.mesh.internal.suite;

import io.switchboard.api.mesh.Happn;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;

/** What the behavioural suite needs from a mesh: nodes to start components on. In-JVM now, a real cluster later. */
interface MeshFixture extends AutoCloseable {

    MeshCore node(int index);

    /** Offers a {@code @MeshComponent} class with this version (unless it declares one) to a node. */
    ComponentDeclaration start(int node, Class<?> type, String version);

    /** A component with these dependencies ({@code "?name range"} for optional ones) whose only job is to give the test its handle. */
    Happn handle(int node, String name, String version, String... dependencies);

    void stop(int node, ComponentDeclaration declaration);

    /**
     * Stops a component the way a bundle update (or a plain bundle stop) does: it may come back, so
     * a gap owned by {@code owner} stays open until {@link #returned} or the rebind time.
     */
    void stopForUpdate(int node, ComponentDeclaration declaration, String owner);

    /** The owner of a gap is back, with whatever it now offers, or gone for good: the gap closes. */
    void returned(int node, String owner);

    /** Lets the nodes learn of each other's changes (instances are learnt at once; subscriptions on this call). */
    void sync();

    @Override
    void close();
}
