package io.switchboard.mesh.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.version.SemverRange;
import io.switchboard.mesh.internal.version.Versions;

/** Event names and subscription patterns can carry what clients sent: the router's caches stay bounded. */
class BoundedEventStateTest {

    private final SubscriptionTable table = new SubscriptionTable();
    private final EventRouter router = new EventRouter(table, new PromiseFactory(PromiseFactory.inlineExecutor(),
            Executors.newSingleThreadScheduledExecutor()), () -> MeshSettings.defaults().hopLimit(),
            () -> MeshSettings.defaults().retryLimit());

    @Test
    void eventNamesWithClientTextDoNotGrowTheTargetCache() {
        table.add(new SubscriptionRecord("s1", acknowledging("browser"), "sensor", SemverRange.ANY, EventPattern.compile("popups/**"),
                Delivery.ALL));
        for (int i = 0; i < 3 * SubscriptionTable.MAX_RESOLVED; i++) {
            assertEquals(1, (int) value(router.emit(event("popups/alert/device-" + i), Versions.parse("1.0.0"), false)));
        }
        assertTrue(table.resolvedSize() <= SubscriptionTable.MAX_RESOLVED, "cached " + table.resolvedSize());
    }

    @Test
    void groupsThatComeAndGoDoNotGrowTheTurns() {
        for (int i = 0; i < 2 * EventRouter.MAX_GROUPS; i++) {
            String id = "any-" + i;
            table.add(new SubscriptionRecord(id, acknowledging("customer"), "sensor", SemverRange.ANY,
                    EventPattern.compile("alerts/" + i), Delivery.ANY));
            assertEquals(1, (int) value(router.emit(event("alerts/" + i), Versions.parse("1.0.0"), false)));
            table.remove(id);
        }
        assertTrue(router.turnsKept() <= EventRouter.MAX_GROUPS, "kept " + router.turnsKept());
    }

    private static EventEnvelope event(String name) {
        return new EventEnvelope("sensor", "1.0.0", name, "x", Origin.system(), 0);
    }

    private static <T> T value(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static NamedLocalInstance acknowledging(String component) {
        return new NamedLocalInstance(component + "#1", component, "1.0.0", "local") {
            @Override
            public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
                acknowledgement.acknowledged();
            }
        };
    }
}
