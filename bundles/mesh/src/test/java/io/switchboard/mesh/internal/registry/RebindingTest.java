package io.switchboard.mesh.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.version.SemverRange;

/** Callers waiting through an update in place name their own ranges: what is kept for them is bounded. */
class RebindingTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void distinctRangesBeyondTheBoundWaitForTheGapAndAllGoOnWhenItCloses() {
        InstanceRegistry registry = new InstanceRegistry();
        Rebinding rebinding = new Rebinding(registry, new PromiseFactory(PromiseFactory.inlineExecutor(), timer), timer, () -> 60_000);
        rebinding.open("bundle 7", instance());
        List<Promise<Void>> waiting = new ArrayList<>();
        for (int patch = 0; patch < 4 * Rebinding.MAX_WAITS; patch++) {
            Promise<Void> back = rebinding.await("echo", SemverRange.parse(">=1.0.0 <1.0." + (patch + 1)), true);
            assertTrue(back != null, "a gap covers 1.0.0");
            waiting.add(back);
        }
        assertTrue(rebinding.waiting() <= Rebinding.MAX_WAITS, "kept " + rebinding.waiting());
        assertTrue(waiting.stream().noneMatch(Promise::isDone));
        rebinding.close("bundle 7");
        assertTrue(waiting.stream().allMatch(Promise::isDone), "every caller routes again once the gap closes");
    }

    @Test
    void onlyThisNodesGapsAreExpectedBackHereAndAMirroredOneIsWaitedForUntilClosed() {
        InstanceRegistry registry = new InstanceRegistry();
        Rebinding rebinding = new Rebinding(registry, new PromiseFactory(PromiseFactory.inlineExecutor(), timer), timer, () -> 60_000);
        rebinding.open("bundle 7", instance());
        assertTrue(rebinding.open("node b echo@2.0.0", "echo", "2.0.0", false));
        assertEquals(List.of(new ExpectedBack("echo", "1.0.0")), rebinding.expectedHere(),
                "what another node expects back is not published again as this node's");

        Promise<Void> back = rebinding.await("echo", SemverRange.parse("^2.0.0"), false);
        assertFalse(back == null || back.isDone(), "a caller waits for the other node's instance");
        rebinding.close("node b echo@2.0.0");
        assertTrue(back.isDone(), "and routes again once that node no longer expects it");
        assertEquals(List.of(new ExpectedBack("echo", "1.0.0")), rebinding.expectedHere());

        SwitchboardException bad = assertThrows(SwitchboardException.class, () -> rebinding.open("node b x@y", "x", "y", false));
        assertEquals("mesh.invalid-version", bad.code());
    }

    @Test
    void nothingIsExpectedBackWhenRebindingIsOff() {
        Rebinding rebinding = new Rebinding(new InstanceRegistry(), new PromiseFactory(PromiseFactory.inlineExecutor(), timer), timer,
                () -> 0);
        assertFalse(rebinding.open("bundle 7", instance()));
        assertFalse(rebinding.open("node b echo@2.0.0", "echo", "2.0.0", false));
        assertTrue(rebinding.expectedHere().isEmpty());
        assertNull(rebinding.await("echo", SemverRange.parse("^2.0.0"), false), "a caller fails at once");
    }

    private static NamedLocalInstance instance() {
        return new NamedLocalInstance("local/echo@1.0.0#1", "echo", "1.0.0", "local") {
            @Override
            public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
