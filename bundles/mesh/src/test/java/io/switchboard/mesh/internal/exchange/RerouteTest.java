package io.switchboard.mesh.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.CallOutcome;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.internal.registry.InstanceRegistry;
import io.switchboard.mesh.internal.registry.Rebinding;
import io.switchboard.mesh.internal.route.Callee;
import io.switchboard.mesh.internal.version.SemverRange;

/**
 * A call sent to an instance that is being removed on its node, and answers that it left (another
 * node's instance: "not started"), while this node's registry still lists it, as it does until the
 * node's record changes here. The call goes to another matching instance, whatever the route; only
 * when every listed one has left does the caller get {@code mesh.no-matching-version}. The race is
 * forced: the instances leave (and other calls take their turns) exactly when the test says.
 */
class RerouteTest {

    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());

    private final InstanceRegistry registry = new InstanceRegistry();
    private final Dispatcher dispatcher = new Dispatcher(PROMISES, () -> 30_000,
            new Rebinding(registry, PROMISES, null, () -> 0), component -> null);
    private final Callee callee = new Callee("probeTarget", SemverRange.parse(">=0.0.0"), registry);

    @Test
    void aStickyKeyOnAnInstanceThatLeftMovesToAnotherWhileTheRegistryStillListsIt() throws Exception {
        Elsewhere leaving = add(new Elsewhere("node-2", "1.0.0"));
        Elsewhere staying = add(new Elsewhere("node-3", "1.0.0"));
        CallOptions sticky = CallOptions.defaults().sticky("device-1");
        assertEquals("node-2", call(sticky).getValue(), "the key is bound to node-2's instance");
        List<String> moves = new ArrayList<>();
        callee.onStickyMoved((key, from, to) -> moves.add(key + " " + from + " -> " + to));

        leaving.leave();
        assertEquals("node-3", call(sticky).getValue());
        assertEquals(2, leaving.calls.get(), "tried once after it left, not again and again");
        assertEquals("node-3", call(sticky).getValue(), "the key stays where it moved");
        assertEquals(2, staying.calls.get());
        assertEquals(List.of("device-1 1.0.0 -> 1.0.0"), moves, "the caller's hook is told the key moved");
    }

    @Test
    void aRoundRobinCallDoesNotComeBackToAnInstanceThatLeftWhileOtherCallsTakeTheirTurns() throws Exception {
        Elsewhere leaving = add(new Elsewhere("node-2", "1.1.0")); // first in turn: highest version first
        add(new Elsewhere("node-3", "1.0.0"));
        // each time it is tried, another call in flight takes the next turn first (the soak's 4 in flight)
        leaving.onCalled(() -> callee.strategy(CallOptions.Route.ROUND_ROBIN).choose(callee.matches(null), null));
        leaving.leave();

        Promise<Object> answer = call(CallOptions.defaults().roundRobin());
        assertEquals("node-3", answer.getValue());
        assertEquals(1, leaving.calls.get(), "tried first, and once");
    }

    @Test
    void whenTheOnlyInstanceOfTheHighestVersionLeftTheCallGoesToTheHighestThatRemains() throws Exception {
        Elsewhere leaving = add(new Elsewhere("node-2", "1.1.0"));
        add(new Elsewhere("node-3", "1.0.0"));
        leaving.leave();

        assertEquals("node-3", call(CallOptions.defaults()).getValue(), "prefer local, over what remains in range");
        assertEquals(1, leaving.calls.get());
    }

    @Test
    void whenEveryListedInstanceLeftTheCallerGetsNoMatchingVersionAtOnce() throws Exception {
        Elsewhere first = add(new Elsewhere("node-2", "1.0.0"));
        Elsewhere second = add(new Elsewhere("node-3", "1.0.0"));
        first.leave();
        second.leave();

        SwitchboardException failure = assertInstanceOf(SwitchboardException.class,
                call(CallOptions.defaults().roundRobin()).getFailure());
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure.code(), "a coded failure, never the internal gone signal");
        assertEquals("no instance of probeTarget matches >=0.0.0 any more: [node-2/probeTarget@1.0.0, node-3/probeTarget@1.0.0]"
                + " left before they could answer echo", failure.getMessage());
        assertEquals(1, first.calls.get(), "each one tried once");
        assertEquals(1, second.calls.get());
    }

    @Test
    void anInstanceThatLeftIsLeftOutForThatCallOnly() throws Exception {
        Elsewhere back = add(new Elsewhere("node-2", "1.0.0"));
        back.leave();
        assertEquals(MeshErrors.NO_MATCHING_VERSION,
                assertInstanceOf(SwitchboardException.class, call(CallOptions.defaults()).getFailure()).code());
        back.returns();
        assertEquals("node-2", call(CallOptions.defaults()).getValue(), "the next call routes to it as before");
    }

    @Test
    void callAllGathersTheInstancesThatRemainAndLeavesOutOneThatLeftBeforeItStarted() throws Exception {
        Elsewhere leaving = add(new Elsewhere("node-2", "1.0.0"));
        add(new Elsewhere("node-3", "1.0.0"));
        leaving.leave();

        List<CallOutcome> outcomes = dispatcher.callAll(callee, "echo", List.of("x"), CallOptions.defaults(), Origin.system(), 0).getValue();
        assertEquals(List.of("node-3/probeTarget@1.0.0 node-3"), outcomes.stream().map(o -> o.instance() + " " + o.value()).toList(),
                "no failure for an instance that did not run it");

        add(new Elsewhere("node-3", "1.0.0")).leave();
        SwitchboardException failure = assertInstanceOf(SwitchboardException.class,
                dispatcher.callAll(callee, "echo", List.of("x"), CallOptions.defaults(), Origin.system(), 0).getFailure());
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure.code(), "none of them is left");
    }

    /**
     * With gaps on (the default): an instance's node tells this one that it removed it, and whether it
     * expects it back, a moment after the instance answers "gone". A caller whose every listed
     * instance left waits for that news rather than failing in the moment between.
     */
    @Test
    void whenEveryListedInstanceLeftForAnUpdateInPlaceTheCallWaitsForTheNewRevision() throws Exception {
        Dispatcher waiting = withGaps(60_000);
        Elsewhere old = add(new Elsewhere("node-2", "1.0.0"));
        old.leave();
        Promise<Object> answer = waiting.call(callee, "echo", List.of("x"), CallOptions.defaults(), Origin.system(), 0);
        assertFalse(answer.isDone(), "the registry still lists it: its node's news is on its way");

        rebinding.open("node node-2 probeTarget@1.0.0", "probeTarget", "1.0.0", false); // its node expects it back
        registry.remove(old);
        assertFalse(answer.isDone(), "no instance, but one is expected back");
        add(new Elsewhere("node-2", "1.0.0")); // the new revision, with the same id as the one that left
        assertEquals("node-2", answer.getValue());
        assertEquals(1, old.calls.get());
    }

    @Test
    void whenEveryListedInstanceLeftForGoodTheCallFailsOnceItsNodeSaysSo() throws Exception {
        Dispatcher waiting = withGaps(60_000);
        Elsewhere gone = add(new Elsewhere("node-2", "1.0.0"));
        gone.leave();
        Promise<Object> answer = waiting.call(callee, "echo", List.of("x"), CallOptions.defaults(), Origin.system(), 0);
        assertFalse(answer.isDone());
        registry.remove(gone); // no gap: not expected back
        SwitchboardException failure = assertInstanceOf(SwitchboardException.class, answer.getFailure());
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure.code());
    }

    @Test
    void whenTheRegistryNeverCatchesUpTheCallFailsAfterTheRebindTime() throws Exception {
        Dispatcher waiting = withGaps(50);
        Elsewhere stale = add(new Elsewhere("node-2", "1.0.0"));
        stale.leave();
        Promise<Object> answer = waiting.call(callee, "echo", List.of("x"), CallOptions.defaults(), Origin.system(), 0);
        SwitchboardException failure = assertInstanceOf(SwitchboardException.class, answer.getFailure()); // waits for the outcome
        assertEquals(MeshErrors.NO_MATCHING_VERSION, failure.code());
        assertEquals("no instance of probeTarget matches >=0.0.0 any more: [node-2/probeTarget@1.0.0] left before it could answer echo",
                failure.getMessage());
    }

    private Rebinding rebinding;

    private Dispatcher withGaps(long rebindMillis) {
        rebinding = new Rebinding(registry, PROMISES, timer, () -> rebindMillis);
        return new Dispatcher(PROMISES, () -> 30_000, rebinding, component -> null);
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private Elsewhere add(Elsewhere instance) {
        registry.add(instance);
        return instance;
    }

    private Promise<Object> call(CallOptions options) {
        return dispatcher.call(callee, "echo", List.of("x"), options, Origin.system(), 0);
    }

    /**
     * An instance on another node as this node routes to it. Once it {@link #leave}s it answers every
     * call "gone", as a node answers a call for an instance it is removing ("not started"), while this
     * node's registry keeps it.
     */
    private static final class Elsewhere implements Instance {

        final AtomicInteger calls = new AtomicInteger();
        private final String node;
        private final String version;
        private volatile boolean left;
        private volatile Runnable onCalled = () -> { };

        Elsewhere(String node, String version) {
            this.node = node;
            this.version = version;
        }

        void leave() {
            left = true;
        }

        void returns() {
            left = false;
        }

        void onCalled(Runnable hook) {
            onCalled = hook;
        }

        @Override
        public String id() {
            return node + "/probeTarget@" + version;
        }

        @Override
        public String component() {
            return "probeTarget";
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public boolean local() {
            return false;
        }

        @Override
        public List<String> methods() {
            return List.of("echo(1)");
        }

        @Override
        public List<String> events() {
            return List.of();
        }

        @Override
        public Promise<Object> invoke(String method, List<?> args, Origin origin, int hops) {
            calls.incrementAndGet();
            onCalled.run();
            return left ? PROMISES.failed(Failures.gone()) : PROMISES.resolved(node);
        }

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            acknowledgement.failed(Failures.gone());
        }
    }
}
