package io.switchboard.itests.cluster.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.MeshEvent;
import io.switchboard.api.mesh.SubscribeOptions;

/**
 * Subscribes to probeEmitter's events and remembers what it handled, for the cluster event tests:
 * {@code all/*} twice (as "all" and "audit": two recipients on one node), {@code any/*} and
 * {@code flaky/*} with {@code any} (on node-2 it fails the latter, so they move on to another
 * node), and {@code order/*} with {@code all}. Built into a bundle by {@link ProbeJar}.
 */
@MeshComponent(name = "probeListener", optionalDependencies = "probeEmitter >=0.0.0")
public final class ProbeListener {

    private final String node;
    private final Map<String, List<Object>> handled = new LinkedHashMap<>();

    public ProbeListener(Happn happn) {
        Bundle bundle = FrameworkUtil.getBundle(ProbeListener.class);
        String name = bundle == null ? null : bundle.getBundleContext().getProperty("switchboard.node.name");
        this.node = name == null ? "local" : name;
        happn.event().on("probeEmitter", "all/*", SubscribeOptions.all(), event -> record("all", event));
        happn.event().on("probeEmitter", "all/*", SubscribeOptions.all(), event -> record("audit", event));
        happn.event().on("probeEmitter", "any/*", SubscribeOptions.any(), event -> {
            record("any", event);
            // in the log too: it outlives this instance (the rolling upgrade test counts every node's)
            happn.log().log(System.Logger.Level.INFO, "probe handled any " + ((Map<?, ?>) event.payload()).get("seq"));
        });
        happn.event().on("probeEmitter", "order/*", SubscribeOptions.all(), event -> record("order", event));
        happn.event().on("probeEmitter", "flaky/*", SubscribeOptions.any(), event -> {
            if (node.equals("node-2")) {
                throw new IllegalStateException("node-2 fails flaky events");
            }
            record("flaky", event);
        });
    }

    private synchronized void record(String subscription, MeshEvent event) {
        Object seq = ((Map<?, ?>) event.payload()).get("seq");
        handled.computeIfAbsent(subscription, s -> new ArrayList<>()).add(seq);
        handled.computeIfAbsent(subscription + "-origin", s -> new ArrayList<>()).add(event.origin().toString() + " " + event.hops());
    }

    /** What each subscription handled, in order: the events' {@code seq} (and under {@code <name>-origin}, origin and hops). */
    public synchronized Map<String, Object> handled() {
        Map<String, Object> copy = new LinkedHashMap<>();
        handled.forEach((subscription, values) -> copy.put(subscription, List.copyOf(values)));
        copy.put("node", node);
        return copy;
    }

    /** Forgets what it handled. */
    public synchronized void forget() {
        handled.clear();
    }
}
