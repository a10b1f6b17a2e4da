package io.switchboard.mesh.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.registry.Registered;
import io.switchboard.mesh.internal.version.SemverRange;
import io.switchboard.mesh.internal.version.Versions;

/** Sticky keys come from callers, clients among them: what the route keeps for them is bounded. */
class StickyTest {

    @Test
    void aFloodOfDistinctKeysKeepsAtMostTheBoundAndEveryCallStillRoutes() {
        Matches two = Matches.of(List.of(registered("a"), registered("b")), SemverRange.ANY);
        Sticky sticky = new Sticky(null);
        for (int i = 0; i < 3 * Sticky.MAX_KEYS; i++) {
            assertTrue(two.contains(sticky.choose(two, "client-key-" + i)));
        }
        assertTrue(sticky.size() <= Sticky.MAX_KEYS, "kept " + sticky.size());
        String hot = "site-7";
        Object first = sticky.choose(two, hot);
        for (int i = 0; i < 100; i++) {
            assertEquals(first, sticky.choose(two, hot), "a key in use stays where it is");
        }
    }

    private static Registered registered(String id) {
        return new Registered(new NamedLocalInstance(id, "echo", "1.0.0", "local") {
            @Override
            public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
                throw new UnsupportedOperationException();
            }
        }, Versions.parse("1.0.0"));
    }
}
