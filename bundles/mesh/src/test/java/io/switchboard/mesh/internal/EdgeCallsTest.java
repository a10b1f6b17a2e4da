package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.CallAnswer;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.exchange.Failures;
import io.switchboard.mesh.internal.registry.NamedLocalInstance;
import io.switchboard.mesh.internal.route.Brokered;

/** Calls from clients at the network edge, through {@link MeshCore#call}. */
class EdgeCallsTest {

    private final MeshCore core = new MeshCore(MeshSettings.defaults().withRebind(0));

    {
        core.originPermissions(() -> (origin, action, path) -> true);
    }

    @AfterEach
    void close() {
        core.close();
    }

    private static String code(Promise<?> answer) throws InterruptedException {
        return assertInstanceOf(SwitchboardException.class, answer.getFailure()).code();
    }

    @Test
    void callsToComponentsThatDoNotExistLeaveNoRoutingStateBehind() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            Promise<Object> answer = core.call(Origin.anonymous(), "nothing-" + i, "m", List.of(), CallOptions.defaults());
            assertEquals(MeshErrors.NO_MATCHING_VERSION, code(answer));
        }
        assertEquals(0, core.edgeRoutes());
    }

    @Test
    void anInstanceThatKeepsLeavingEndsInACodedFailureNotTheInternalSignal() throws Exception {
        AlwaysLeaving leaving = new AlwaysLeaving();
        core.add(leaving);
        Promise<Object> answer = core.call(Origin.anonymous(), "flaky", "m", List.of(), CallOptions.defaults());
        assertEquals(MeshErrors.NO_MATCHING_VERSION, code(answer));
        assertEquals(1, core.edgeRoutes());
        assertEquals(1, leaving.calls.get(), "tried once: an instance that left is not chosen again for the same call");
    }

    @Test
    void aClientReachesAnotherNodesInstanceOnlyWhenThisNodeBrokersItsComponent() throws Exception {
        core.add(new Elsewhere("deviceManager"));
        core.add(new Elsewhere("customerNotifier"));
        assertEquals(MeshErrors.NO_MATCHING_VERSION,
                code(core.call(Origin.anonymous(), "deviceManager", "m", List.of(), CallOptions.defaults())),
                "without --broker a client sees the components of its own node only");

        core.broker(Brokered.parse("deviceManager"));
        assertEquals("served by node-2", core.call(Origin.anonymous(), "deviceManager", "m", List.of(), CallOptions.defaults()).getValue());
        assertEquals(MeshErrors.NO_MATCHING_VERSION,
                code(core.call(Origin.anonymous(), "customerNotifier", "m", List.of(), CallOptions.defaults())), "not brokered");

        core.broker(Brokered.parse("*"));
        assertEquals("served by node-2", core.call(Origin.anonymous(), "customerNotifier", "m", List.of(), CallOptions.defaults()).getValue());
    }

    @Test
    void aBrokeredCallsAnswerNamesTheNodeWhoseInstanceAnswered() throws Exception {
        core.add(new Elsewhere("deviceManager"));
        core.broker(Brokered.parse("*"));
        CallAnswer answer = core.callAnswered(Origin.anonymous(), "deviceManager", "m", List.of(), CallOptions.defaults()).getValue();
        assertEquals("served by node-2", answer.result());
        assertEquals("node-2", answer.node());
    }

    @Test
    void theBrokerSettingReadsNamesOrEverything() {
        assertEquals("", Brokered.parse(null).toString());
        assertEquals("", Brokered.parse(" ").toString());
        assertEquals("a,b", Brokered.parse("b, a,").toString());
        assertEquals("*", Brokered.parse("*").toString());
        assertTrue(Brokered.parse("*").includes("anything"));
        assertFalse(Brokered.parse("a").includes("b"));
    }

    /**
     * A client's call runs on the thread that read it only when every instance it may reach says
     * its method returns without waiting: a second instance that may block, or another node's
     * instance the call may be brokered to, makes it move off that thread again.
     */
    @Test
    void aCallHoldsItsCallerUnlessEveryInstanceItMayReachSaysItReturnsAtOnce() {
        assertTrue(core.mayHoldCaller("deviceManager", "version", 0), "no instance: the safe answer");
        core.add(new Local("deviceManager", "1.0.0", Set.of("version(0)")));
        assertFalse(core.mayHoldCaller("deviceManager", "version", 0));
        assertTrue(core.mayHoldCaller("deviceManager", "version", 1), "another argument count, another method");
        assertTrue(core.mayHoldCaller("deviceManager", "update", 1));

        core.add(new Elsewhere("deviceManager"));
        assertFalse(core.mayHoldCaller("deviceManager", "version", 0), "another node's instance, not brokered: not reachable");
        core.broker(Brokered.parse("deviceManager"));
        assertTrue(core.mayHoldCaller("deviceManager", "version", 0), "brokered: it may be called, and it does not say");
        core.broker(Brokered.parse(null));

        Instance slow = new Local("deviceManager", "1.1.0", Set.of());
        core.add(slow);
        assertTrue(core.mayHoldCaller("deviceManager", "version", 0), "one reachable instance that may block is enough");
        core.remove(slow);
        assertFalse(core.mayHoldCaller("deviceManager", "version", 0));
    }

    /** A local instance whose methods named in {@code quick} return at once, as those marked {@code @NonBlocking} say; the others may block. */
    private static final class Local extends NamedLocalInstance {
        private final Set<String> quick;

        Local(String component, String version, Set<String> quick) {
            super("local/" + component + "@" + version, component, version, "local");
            this.quick = quick;
        }

        @Override
        public boolean mayHoldCaller(String method, int arity) {
            return !quick.contains(method + "(" + arity + ")");
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return org.osgi.util.promise.Promises.resolved(version());
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            acknowledgement.failed(Failures.gone());
        }
    }

    /** An instance of a component on another node, which says so in its answers. */
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
            return List.of("m(0)");
        }

        @Override
        public List<String> events() {
            return List.of();
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            return org.osgi.util.promise.Promises.resolved("served by node-2");
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            acknowledgement.failed(Failures.gone());
        }
    }

    /** An instance that answers every call as one that has just left routing (yet stays registered). */
    private static final class AlwaysLeaving implements Instance {

        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String id() {
            return "local/flaky@1.0.0#1";
        }

        @Override
        public String component() {
            return "flaky";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String node() {
            return "local";
        }

        @Override
        public boolean local() {
            return true;
        }

        @Override
        public List<String> methods() {
            return List.of("m(0)");
        }

        @Override
        public List<String> events() {
            return List.of();
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            calls.incrementAndGet();
            return org.osgi.util.promise.Promises.failed(Failures.gone());
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            acknowledgement.failed(Failures.gone());
        }
    }
}
