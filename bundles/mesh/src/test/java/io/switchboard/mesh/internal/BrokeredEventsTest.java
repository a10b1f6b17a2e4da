package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.exchange.Failures;
import io.switchboard.mesh.internal.route.Brokered;

/**
 * The events of brokered components for a node's clients: one subscription published per brokered
 * component that clients subscribe to (whatever their number), and the events another node sends
 * for it handed to the clients' subscriptions that accept them.
 */
class BrokeredEventsTest {

    private final MeshCore core = new MeshCore(MeshSettings.defaults().withNode("edge"));
    private final List<String> heard = new ArrayList<>();

    {
        core.originPermissions(() -> (origin, action, path) -> true);
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void oneSubscriptionIsPublishedPerBrokeredComponentThatClientsSubscribeToAndThatRuns() {
        core.broker(Brokered.parse("sensor"));
        core.add(new Elsewhere("sensor"));
        core.add(new Elsewhere("other"));
        core.subscribe(Origin.user("ann", null), "sensor", "alerts/*", null, event -> { });
        core.subscribe(Origin.user("bob", null), "sensor", "**", "^1.0.0", event -> { });
        core.subscribe(Origin.user("bob", null), "other", "**", null, event -> { });
        core.subscribe(Origin.user("bob", null), "nothing-runs-by-this-name", "**", null, event -> { });
        assertEquals(List.of(new EventSubscription("edge/clients/sensor", EventSubscription.CLIENTS, "0.0.0", "sensor", "**", "*",
                Delivery.ALL)), core.eventSubscriptions(), "not for a component not brokered, nor for one that runs nowhere");
    }

    @Test
    void withoutBrokeringClientsSubscriptionsAreNotPublished() {
        core.add(new Elsewhere("sensor"));
        core.subscribe(Origin.user("ann", null), "sensor", "**", null, event -> { });
        assertEquals(List.of(), core.eventSubscriptions());
    }

    @Test
    void anEventFromAnotherNodeReachesTheClientSubscriptionsThatAcceptIt() {
        core.broker(Brokered.parse("*"));
        core.add(new Elsewhere("sensor"));
        core.subscribe(Origin.user("ann", null), "sensor", "alerts/*", null, event -> heard.add("ann " + event.name()));
        core.subscribe(Origin.user("bob", null), "sensor", "**", "^2.0.0", event -> heard.add("bob " + event.name()));
        AtomicInteger acknowledged = new AtomicInteger();
        Acknowledgement ack = new Acknowledgement() {
            @Override
            public void acknowledged() {
                acknowledged.incrementAndGet();
            }

            @Override
            public void failed(Throwable failure) {
                heard.add("failed " + failure);
            }
        };
        core.deliver("edge/clients/sensor", new EventEnvelope("sensor", "1.0.0", "alerts/fire", "hot", Origin.anonymous(), 0), false, ack);
        core.deliver("edge/clients/sensor", new EventEnvelope("sensor", "1.0.0", "status", "ok", Origin.anonymous(), 0), false, ack);
        assertEquals(List.of("ann alerts/fire"), heard, "by pattern and by range, as for the node's own events");
        assertEquals(2, acknowledged.get(), "the sending node is answered once per event");
        core.deliver("edge/clients/other", new EventEnvelope("sensor", "1.0.0", "alerts/fire", "hot", Origin.anonymous(), 0), false, ack);
        assertTrue(heard.get(heard.size() - 1).startsWith("failed"), "a subscription that is not here is gone: " + heard);
    }

    /** An instance of a component on another node. */
    private record Elsewhere(String component) implements Instance {

        @Override
        public String id() {
            return "node-2/" + component + "@1.0.0";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String node() {
            return "node-2";
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
            return List.of("alerts/fire");
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return org.osgi.util.promise.Promises.failed(Failures.gone());
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            acknowledgement.failed(Failures.gone());
        }
    }
}
