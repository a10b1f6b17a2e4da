package io.switchboard.stats.internal;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshSnapshot;

/** The mesh's components on this node: how many in each state, calls, failures and time spent per method, work in flight; its events, in all and per event. */
@Component(service = Source.class)
public final class MeshSource implements Source {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Mesh mesh;

    @Activate
    public MeshSource(@Reference Mesh mesh) {
        this.mesh = mesh;
    }

    @Override
    public void read(Readings readings) {
        Mesh current = mesh;
        MeshSnapshot snapshot = current.snapshot();
        Map<String, Integer> states = new TreeMap<>();
        for (MeshSnapshot.Component component : snapshot.components()) {
            ComponentDescription description = component.description();
            states.merge(description.state(), 1, Integer::sum);
            String name = description.name();
            String version = description.version();
            readings.gauge("switchboard.mesh.in.flight", "calls and event deliveries the component on this node is working on",
                    component.inFlight(), "component", name, "version", version);
            for (MeshSnapshot.MethodCalls method : component.methods()) {
                readings.counter("switchboard.mesh.calls", "calls that reached the component's method on this node",
                        method.calls(), "component", name, "version", version, "method", method.method());
                readings.counter("switchboard.mesh.call.failures", "calls to the component's method that failed (it threw, or its arguments did not fit)",
                        method.failures(), "component", name, "version", version, "method", method.method());
                readings.counter("switchboard.mesh.call.seconds", "time spent in calls to the component's method on this node, until each answer was settled",
                        method.nanos() / NANOS_PER_SECOND, "component", name, "version", version, "method", method.method());
            }
        }
        states.forEach((state, count) -> readings.gauge("switchboard.mesh.components", "component versions this node knows of, by state",
                count, "state", state));
        readings.gauge("switchboard.mesh.event.subscriptions", "event subscriptions on this node (components' and clients')",
                snapshot.subscriptions().size());
        EventCounts events = current.eventCounts();
        readings.counter("switchboard.mesh.events.emitted", "component events emitted on this node that had a subscriber", events.emitted());
        readings.counter("switchboard.mesh.events.delivered", "event deliveries a subscriber acknowledged", events.delivered());
        readings.counter("switchboard.mesh.events.retried", "event deliveries tried again on another instance after a handler failed",
                events.retried());
        readings.counter("switchboard.mesh.events.handler.failures", "event deliveries whose handler threw or did not acknowledge in time",
                events.handlerFailures());
        readings.counter("switchboard.mesh.events.lost", "events given up: no instance left to take them, or retries ran out", events.lost());
        readings.counter("switchboard.mesh.events.dropped", "events dropped at the hop limit (an event loop)", events.hopLimitDrops());
        current.eventCountsByEvent().forEach((event, counts) -> {
            readings.counter("switchboard.mesh.event.emitted", "emissions of the event on this node that had a subscriber", counts.emitted(),
                    "event", event);
            readings.counter("switchboard.mesh.event.delivered", "deliveries of the event a subscriber acknowledged", counts.delivered(),
                    "event", event);
            readings.counter("switchboard.mesh.event.retried", "deliveries of the event tried again on another instance after a handler failed",
                    counts.retried(), "event", event);
            readings.counter("switchboard.mesh.event.handler.failures", "deliveries of the event whose handler threw or did not acknowledge in time",
                    counts.handlerFailures(), "event", event);
        });
    }
}
