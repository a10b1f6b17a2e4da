package io.switchboard.mesh.internal.registry;

import java.util.List;

import io.switchboard.mesh.Instance;

/**
 * What every instance in this JVM answers about itself: its names, fixed at construction, and that
 * it is local. A component instance, a held group's stand-in and a client's subscription differ only
 * in what they do with calls and events, and in whether they offer methods and events.
 */
public abstract class NamedLocalInstance implements Instance {

    private final String id;
    private final String component;
    private final String version;
    private final String node;

    protected NamedLocalInstance(String id, String component, String version, String node) {
        this.id = id;
        this.component = component;
        this.version = version;
        this.node = node;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String component() {
        return component;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final String node() {
        return node;
    }

    @Override
    public final boolean local() {
        return true;
    }

    /** None, unless it is a component's instance. */
    @Override
    public List<String> methods() {
        return List.of();
    }

    /** None, unless it is a component's instance. */
    @Override
    public List<String> events() {
        return List.of();
    }

    @Override
    public String toString() {
        return id;
    }
}
