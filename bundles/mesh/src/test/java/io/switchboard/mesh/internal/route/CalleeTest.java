package io.switchboard.mesh.internal.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.internal.registry.InstanceRegistry;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * A caller's matches for a range its calls narrow the declared one to ({@code options.range}) are
 * kept between calls, and follow every change of the registry: an instance that comes or goes in
 * that range is seen by the next call, and another range is never answered with the last one's.
 */
class CalleeTest {

    private final InstanceRegistry registry = new InstanceRegistry();
    private final Callee callee = new Callee("probeTarget", SemverRange.parse(">=0.0.0"), registry);

    @Test
    void aNarrowingRangesMatchesAreKeptUntilTheRegistryChanges() {
        Probe one = add("1.0.0");
        add("2.0.0");
        SemverRange caret1 = SemverRange.parse("^1.0.0");
        assertEquals(List.of(one), callee.matches(caret1).all());
        assertSame(callee.matches(caret1), callee.matches(SemverRange.parse("^1.0.0")), "the same range's text: kept");

        Probe oneOne = add("1.1.0");
        assertEquals(List.of(oneOne), callee.matches(caret1).highest(), "a new instance in range is seen");
        assertEquals(List.of(oneOne, one), callee.matches(caret1).all());

        registry.remove(oneOne);
        assertEquals(List.of(one), callee.matches(caret1).all(), "a removed one is gone");

        assertEquals("2.0.0", callee.matches(SemverRange.parse("^2.0.0")).highest().get(0).version(), "another range: its own matches");
        assertEquals(List.of(one), callee.matches(caret1).all(), "and back");
        registry.remove(one);
        assertTrue(callee.matches(caret1).isEmpty());
    }

    private Probe add(String version) {
        Probe probe = new Probe(version);
        registry.add(probe);
        return probe;
    }

    /** An instance that is only listed: these tests route, they do not call. */
    private static final class Probe extends NamedLocalInstance {
        Probe(String version) {
            super("node-1/probeTarget@" + version, "probeTarget", version, "node-1");
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            throw new UnsupportedOperationException("not called");
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            throw new UnsupportedOperationException("not delivered");
        }
    }
}
