package io.switchboard.mesh.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventCarrier;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.version.SemverRange;
import io.switchboard.mesh.internal.version.Versions;

/** Subscribers on other nodes: one payload per node with the list of its recipients, and none to a node that subscribed to nothing. */
class CarriedEventsTest {

    private final SubscriptionTable table = new SubscriptionTable();
    private final EventRouter router = new EventRouter(table, new PromiseFactory(PromiseFactory.inlineExecutor(),
            Executors.newSingleThreadScheduledExecutor()), () -> MeshSettings.defaults().hopLimit(),
            () -> MeshSettings.defaults().retryLimit());

    @Test
    void oneEmissionSendsOnePayloadPerNodeWithItsRecipients() {
        Node b = new Node("b");
        Node c = new Node("c");
        Node d = new Node("d");
        subscribe("b-logger", b.instance("logger"), "sensor", Delivery.ALL);
        subscribe("b-audit", b.instance("audit"), "sensor", Delivery.ALL);
        subscribe("c-logger", c.instance("logger"), "sensor", Delivery.ALL);
        subscribe("b-worker", b.instance("worker"), "sensor", Delivery.ANY);
        subscribe("c-worker", c.instance("worker"), "sensor", Delivery.ANY);
        subscribe("d-other", d.instance("logger"), "thermometer", Delivery.ALL);

        for (int i = 0; i < 4; i++) {
            assertEquals(4, (int) value(router.emit(event(), Versions.parse("1.0.0"), false)), "3 'all' and one of the 'any' group");
        }

        assertEquals(4, b.payloads.size(), "one payload to node b per event: " + b.payloads);
        assertEquals(4, c.payloads.size(), "one payload to node c per event: " + c.payloads);
        assertEquals(List.of(), d.payloads, "nothing to a node without a matching subscription");
        List<String> workers = new ArrayList<>();
        for (Node node : List.of(b, c)) {
            for (Set<String> recipients : node.payloads) {
                recipients.stream().filter(id -> id.endsWith("worker")).forEach(workers::add);
            }
        }
        assertEquals(4, workers.size(), "each 'any' event went to one worker: " + workers);
        assertTrue(workers.contains("b-worker") && workers.contains("c-worker"), "the group's turns cross nodes: " + workers);
        assertTrue(b.payloads.get(0).containsAll(Set.of("b-logger", "b-audit")), b.payloads.toString());
    }

    @Test
    void anAnyEventWhoseNodeCannotTakeItGoesToAnotherNode() {
        Node b = new Node("b");
        Node c = new Node("c");
        b.gone = true;
        subscribe("b-worker", b.instance("worker"), "sensor", Delivery.ANY);
        subscribe("c-worker", c.instance("worker"), "sensor", Delivery.ANY);

        assertEquals(1, (int) value(router.emit(event(), Versions.parse("1.0.0"), false)));
        assertEquals(1, (int) value(router.emit(event(), Versions.parse("1.0.0"), false)));

        assertEquals(2, c.acknowledged, "both events reached node c, one of them after node b refused it");
    }

    @Test
    void emitLocalSendsNothingToOtherNodes() {
        Node b = new Node("b");
        subscribe("b-logger", b.instance("logger"), "sensor", Delivery.ALL);

        assertEquals(0, (int) value(router.emit(event(), Versions.parse("1.0.0"), true)));
        assertEquals(List.of(), b.payloads);
    }

    private void subscribe(String id, Instance subscriber, String emitter, Delivery delivery) {
        table.add(new SubscriptionRecord(id, subscriber, emitter, SemverRange.ANY, EventPattern.compile("**"), delivery));
    }

    private static EventEnvelope event() {
        return new EventEnvelope("sensor", "1.0.0", "tick", 1, Origin.system(), 0);
    }

    private static <T> T value(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Another node: its instances share one carrier, which records each payload's recipients. */
    private static final class Node implements EventCarrier {

        final String name;
        final List<Set<String>> payloads = new ArrayList<>();
        boolean gone;
        int acknowledged;

        Node(String name) {
            this.name = name;
        }

        @Override
        public void carry(EventEnvelope event, List<Recipient> recipients) {
            Set<String> ids = new TreeSet<>();
            recipients.forEach(recipient -> ids.add(recipient.subscriptionId()));
            payloads.add(ids);
            for (Recipient recipient : recipients) {
                if (gone) {
                    recipient.acknowledgement().failed(new SwitchboardException(Instance.GONE, "node " + name + " drains"));
                } else {
                    acknowledged++;
                    recipient.acknowledgement().acknowledged();
                }
            }
        }

        Instance instance(String component) {
            Node carrier = this;
            return new Instance() {
                @Override
                public String id() {
                    return name + "/" + component + "@1.0.0";
                }

                @Override
                public String component() {
                    return component;
                }

                @Override
                public String version() {
                    return "1.0.0";
                }

                @Override
                public String node() {
                    return name;
                }

                @Override
                public boolean local() {
                    return false;
                }

                @Override
                public List<String> methods() {
                    return List.of();
                }

                @Override
                public List<String> events() {
                    return List.of();
                }

                @Override
                public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
                    carrier.carry(event, List.of(new Recipient(subscriptionId, failover, acknowledgement)));
                }

                @Override
                public EventCarrier carrier() {
                    return carrier;
                }
            };
        }
    }
}
