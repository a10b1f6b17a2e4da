package io.switchboard.cluster.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.mesh.SubscribeOptions.Delivery;
import io.switchboard.cluster.ClusterMember;
import io.switchboard.cluster.internal.call.RemoteInstance;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.ExpectedBack;

/** Node "a"'s view of its cluster, kept by {@link ClusterState} from membership, the registry and its mesh. */
class ClusterStateTest {

    private final List<String> log = new ArrayList<>();
    private final FakeMesh mesh = new FakeMesh(log);
    private final Map<String, String> map = new HashMap<>();
    private final List<MemberInfo> live = new ArrayList<>();
    private final List<List<String>> told = new ArrayList<>();
    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        long millis = 1_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final TestClock clock = new TestClock();
    private final ClusterState state = new ClusterState("a", () -> List.copyOf(live), registry(), mesh,
            (node, instance) -> new RemoteInstance(node, instance.component(), instance.version(), instance.methods(), instance.events(),
                    (n, payload) -> null, new PromiseFactory(PromiseFactory.inlineExecutor())),
            new Peers() {
                @Override
                public void joined(String node) {
                    log.add("joined " + node);
                }

                @Override
                public void left(String node) {
                    log.add("left " + node);
                }
            }, clock, told::add);

    private RegistryMap registry() {
        return new RegistryMap() {
            @Override
            public void put(String node, String record) {
                map.put(node, record);
            }

            @Override
            public String get(String node) {
                return map.get(node);
            }

            @Override
            public void remove(String node) {
                map.remove(node);
            }

            @Override
            public Map<String, String> entries() {
                return Map.copyOf(map);
            }
        };
    }

    private static MemberInfo member(String node, String id, boolean local) {
        return new MemberInfo(node, id, "127.0.0.1:" + (5700 + node.charAt(0)), null, local);
    }

    private void record(String node, String member, String state, InstanceRecord... instances) {
        map.put(node, Records.write(new NodeRecord(node, member, "127.0.0.1:" + (5700 + node.charAt(0)), state, 500, 1, List.of(instances), List.of(), null)));
    }

    private void record(String node, String member, String state, List<InstanceRecord> instances, List<SubscriptionEntry> subscriptions) {
        map.put(node, Records.write(new NodeRecord(node, member, "127.0.0.1:" + (5700 + node.charAt(0)), state, 500, 1, instances,
                subscriptions, null)));
    }

    private static SubscriptionEntry subscription(String id, String component, String delivery) {
        return subscription(id, component, "1.0.0", delivery);
    }

    private static SubscriptionEntry subscription(String id, String component, String version, String delivery) {
        return new SubscriptionEntry(id, component, version, "sensor", "alerts/*", "^1.0.0 and >=1.0.0", delivery);
    }

    private static InstanceRecord running(String component, String version) {
        return new InstanceRecord(component, version, List.of("go(0)"), List.of(), InstanceRecord.RUNNING);
    }

    @Test
    void publishesItsRunningInstancesUnderItsOwnName() {
        mesh.run("deviceManager", "1.0.0");
        mesh.waiting("customerNotifier", "1.0.0");
        live.add(member("a", "ua", true));
        state.reconcile();
        NodeRecord mine = Records.read(map.get("a"));
        assertEquals("ua", mine.member());
        assertEquals(ClusterMember.UP, mine.state());
        assertEquals(List.of("deviceManager@1.0.0"), mine.instances().stream().map(InstanceRecord::label).toList(),
                "a waiting component is not an instance");
        assertTrue(state.runsHere("deviceManager", "1.0.0"));
        assertFalse(state.runsHere("customerNotifier", "1.0.0"));
    }

    @Test
    void routesToTheRunningInstancesOfLiveMembersThatAreUpAndToNothingElse() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false), member("c", "uc", false), member("e", "ue-now", false)));
        record("b", "ub", ClusterMember.UP, running("deviceManager", "1.0.0"),
                new InstanceRecord("deviceManager", "2.0.0", List.of(), List.of(), "stopping"));
        record("c", "uc", ClusterMember.DRAINING, running("deviceManager", "1.0.0"));
        record("d", "ud", ClusterMember.UP, running("deviceManager", "1.0.0"));
        record("e", "ue-before", ClusterMember.UP, running("deviceManager", "1.0.0"));
        state.reconcile();
        assertEquals(List.of("b/deviceManager@1.0.0"), List.copyOf(mesh.added.keySet()),
                "not a draining node, not a node that is no member, not an earlier run of a member, not an instance that is not running");
        NodeRecord mine = Records.read(map.get("a"));
        assertTrue(mine.instances().isEmpty(), "what it routes to elsewhere is not published as its own");
    }

    @Test
    void publishesTheInstancesItExpectsBackBesideThoseRunningButDoesNotListThemAsRunning() {
        mesh.run("deviceManager", "1.0.0");
        mesh.expectedBack.add(new ExpectedBack("echo", "1.0.0"));
        live.add(member("a", "ua", true));
        state.reconcile();
        NodeRecord mine = Records.read(map.get("a"));
        assertEquals(List.of("deviceManager@1.0.0 running", "echo@1.0.0 returning"),
                mine.instances().stream().map(instance -> instance.label() + " " + instance.state()).toList());
        assertFalse(state.runsHere("echo", "1.0.0"), "calls from other nodes are not taken for an instance that left");
        assertEquals(List.of("deviceManager@1.0.0"), state.members().get(0).components());

        mesh.expectedBack.clear();
        state.reconcile();
        assertEquals(List.of("deviceManager@1.0.0"), Records.read(map.get("a")).instances().stream().map(InstanceRecord::label).toList(),
                "published again when its gap closed");
    }

    @Test
    void anInstanceAnotherNodeExpectsBackIsWaitedForBeforeItLeavesRoutingAndNoLongerOnceItsSuccessorIsRouted() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false)));
        record("b", "ub", ClusterMember.UP, running("echo", "1.0.0"));
        state.reconcile();
        log.clear();

        record("b", "ub", ClusterMember.UP, InstanceRecord.returning(new ExpectedBack("echo", "1.0.0")));
        state.reconcile();
        assertEquals(List.of("expect b/echo@1.0.0", "remove b/echo@1.0.0"), log, "the wait opens first");
        assertTrue(mesh.added.isEmpty(), "an instance expected back is not routed to");
        state.reconcile();
        assertEquals(2, log.size(), "one wait per instance, not one per pass");

        log.clear();
        record("b", "ub", ClusterMember.UP, running("echo", "1.0.1"));
        state.reconcile();
        assertEquals(List.of("add b/echo@1.0.1", "unexpect b/echo@1.0.0"), log, "the wait ends once the new revision is routed");
    }

    @Test
    void nothingIsWaitedForOnANodeThatLeftOrDrainsOrForAVersionThatDoesNotParse() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false), member("c", "uc", false)));
        record("b", "ub", ClusterMember.UP, InstanceRecord.returning(new ExpectedBack("echo", "1.0.0")));
        record("c", "uc", ClusterMember.UP, InstanceRecord.returning(new ExpectedBack("echo", "not-a-version")));
        state.reconcile();
        assertEquals(List.of("b/echo@1.0.0"), mesh.awaited, "a version that does not parse is logged, not waited for");

        live.remove(1);
        state.reconcile();
        assertTrue(mesh.awaited.isEmpty(), "the node left: its callers route again at once");

        live.add(member("b", "ub2", false));
        record("b", "ub2", ClusterMember.UP, InstanceRecord.returning(new ExpectedBack("echo", "1.0.0")));
        state.reconcile();
        assertEquals(List.of("b/echo@1.0.0"), mesh.awaited, "its record was removed with it; the one it published again is read");
        record("b", "ub2", ClusterMember.DRAINING, InstanceRecord.returning(new ExpectedBack("echo", "1.0.0")));
        state.reconcile();
        assertTrue(mesh.awaited.isEmpty(), "a draining node is not routed to, nor waited for");

        record("b", "ub2", ClusterMember.UP, InstanceRecord.returning(new ExpectedBack("echo", "1.0.0")));
        state.reconcile();
        state.forgetAll();
        assertTrue(mesh.awaited.isEmpty(), "this node leaving the cluster ends every wait");
    }

    @Test
    void publishesTheSubscriptionsOfItsRunningInstances() {
        mesh.run("worker", "1.0.0");
        mesh.subscriptions.add(new EventSubscription("a/worker@1.0.0#1/s1", "worker", "1.0.0", "sensor", "alerts/*", "^1.0.0",
                Delivery.ANY));
        live.add(member("a", "ua", true));
        state.reconcile();
        assertEquals(List.of(new SubscriptionEntry("a/worker@1.0.0#1/s1", "worker", "1.0.0", "sensor", "alerts/*", "^1.0.0", "any")),
                Records.read(map.get("a")).subscriptions());
    }

    @Test
    void publishesTheSubscriptionsThatHoldTheGroupsOfAnInstanceItExpectsBack() {
        mesh.subscriptions.add(new EventSubscription("a/worker@1.0.0#1/s1/held", "worker", "1.0.0", "sensor", "alerts/*", "^1.0.0",
                Delivery.ANY));
        mesh.subscriptions.add(new EventSubscription("a/ghost@1.0.0#1/s1", "ghost", "1.0.0", "sensor", "alerts/*", "^1.0.0",
                Delivery.ANY));
        live.add(member("a", "ua", true));
        state.reconcile();
        assertEquals(List.of(), Records.read(map.get("a")).subscriptions(), "nothing runs and nothing is expected back");

        mesh.expectedBack.add(new ExpectedBack("worker", "1.0.0"));
        state.reconcile();
        assertEquals(List.of("a/worker@1.0.0#1/s1/held"), Records.read(map.get("a")).subscriptions().stream().map(SubscriptionEntry::id).toList(),
                "the stand-in's subscription keeps the group alive on other nodes while worker is away");
    }

    @Test
    void aGroupSwappedForItsStandInIsNeverEmptyAndTheStandInIsHeldByAnInstanceThatTakesNoCalls() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false)));
        record("b", "ub", ClusterMember.UP, List.of(running("worker", "1.0.0")), List.of(subscription("b-any", "worker", "any")));
        state.reconcile();
        log.clear();

        record("b", "ub", ClusterMember.UP, List.of(InstanceRecord.returning(new ExpectedBack("worker", "1.0.0"))),
                List.of(subscription("b-any/held", "worker", "any")));
        state.reconcile();
        assertEquals(List.of("expect b/worker@1.0.0", "remove b/worker@1.0.0", "subscribe b-any/held for b/worker@1.0.0",
                "unsubscribe b-any"), log, "the stand-in's subscription is added before the instance's goes");
        assertTrue(mesh.added.isEmpty(), "what holds it is not routed to");

        log.clear();
        record("b", "ub", ClusterMember.UP, List.of(running("worker", "1.0.1")), List.of(subscription("b-new", "worker", "1.0.1", "any")));
        state.reconcile();
        assertEquals(List.of("add b/worker@1.0.1", "unexpect b/worker@1.0.0", "subscribe b-new for b/worker@1.0.1",
                "unsubscribe b-any/held"), log);
    }

    @Test
    void addsTheSubscriptionsOfOtherNodesThatAreUpAndRemovesThemWithTheirNode() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false), member("c", "uc", false)));
        record("b", "ub", ClusterMember.UP, List.of(running("worker", "1.0.0")),
                List.of(subscription("b-any", "worker", "any"), subscription("b-nobody", "ghost", "all"),
                        subscription("b-odd", "worker", "sometimes")));
        record("c", "uc", ClusterMember.DRAINING, List.of(running("worker", "1.0.0")), List.of(subscription("c-any", "worker", "any")));
        state.reconcile();
        assertEquals(List.of("b-any"), List.copyOf(mesh.subscribed.keySet()),
                "not a draining node's, not one of an instance that does not run, not a delivery it does not know");
        assertEquals("b/worker@1.0.0", mesh.subscribed.get("b-any").id());
        assertEquals(mesh.subscribed.get("b-any").carrier(), null, "the test's instances have no carrier");

        live.remove(1);
        log.clear();
        state.reconcile();
        assertEquals(List.of(), List.copyOf(mesh.subscribed.keySet()));
        assertTrue(log.contains("unsubscribe b-any"), log.toString());
    }

    @Test
    void publishesTheSubscriptionItMakesForItsClientsThoughNoInstanceHoldsIt() {
        mesh.subscriptions.add(new EventSubscription("a/clients/sensor", EventSubscription.CLIENTS, "0.0.0", "sensor", "**", "*",
                Delivery.ALL));
        live.add(member("a", "ua", true));
        state.reconcile();
        assertEquals(List.of(new SubscriptionEntry("a/clients/sensor", "_clients", "0.0.0", "sensor", "**", "*", "all")),
                Records.read(map.get("a")).subscriptions());
        assertTrue(mesh.added.isEmpty(), "nothing routed");
    }

    @Test
    void anEdgeNodesSubscriptionForItsClientsIsAddedWithAHolderThatIsNeverRouted() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false)));
        SubscriptionEntry forClients = new SubscriptionEntry("b/clients/sensor", "_clients", "0.0.0", "sensor", "**", "*", "all");
        record("b", "ub", ClusterMember.UP, List.of(), List.of(forClients));
        state.reconcile();
        assertEquals(List.of("b/clients/sensor"), List.copyOf(mesh.subscribed.keySet()));
        assertEquals("b", mesh.subscribed.get("b/clients/sensor").node(), "its events go to node b");
        assertTrue(mesh.added.isEmpty(), "no call is ever routed to it");
        log.clear();
        state.reconcile();
        assertEquals(List.of(), log, "kept from one pass to the next");

        record("b", "ub", ClusterMember.UP, List.of(), List.of());
        state.reconcile();
        assertEquals(List.of(), List.copyOf(mesh.subscribed.keySet()), "gone when node b's clients no longer subscribe");
    }

    @Test
    void aSubscriptionThatChangesIsReplaced() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false)));
        record("b", "ub", ClusterMember.UP, List.of(running("worker", "1.0.0")), List.of(subscription("b-1", "worker", "any")));
        state.reconcile();
        record("b", "ub", ClusterMember.UP, List.of(running("worker", "1.0.0")), List.of(subscription("b-2", "worker", "all")));
        log.clear();
        state.reconcile();
        assertEquals(List.of("subscribe b-2 for b/worker@1.0.0", "unsubscribe b-1"), log,
                "the new one first: a group is never empty here in between (the old one's deliveries meanwhile are answered 'gone')");
    }

    @Test
    void aMemberThatLeavesLeavesRoutingBeforeItsLinksEnd() {
        live.addAll(List.of(member("a", "ua", true), member("b", "ub", false)));
        record("b", "ub", ClusterMember.UP, running("deviceManager", "1.0.0"));
        state.reconcile();
        assertEquals(List.of("add b/deviceManager@1.0.0", "joined b"), log);
        log.clear();
        live.remove(1);
        clock.millis += 3_000;
        state.reconcile();
        assertEquals(List.of("remove b/deviceManager@1.0.0", "left b"), log);
        ClusterMember gone = state.members().get(1);
        assertEquals(List.of("b", ClusterMember.LEFT, 4_000L), List.of(gone.name(), gone.state(), gone.since()));
        assertEquals(List.of(List.of("a", "b"), List.of("a")), told);
    }

    @Test
    void onlyTheOldestMemberRemovesTheRecordsOfMembersThatAreGone() {
        live.addAll(List.of(member("b", "ub", false), member("a", "ua", true)));
        record("b", "ub", ClusterMember.UP);
        record("x", "ux", ClusterMember.UP, running("deviceManager", "1.0.0"));
        state.reconcile();
        assertNotNull(map.get("x"), "a is not the oldest: it leaves the cleaning to b");
        live.remove(0);
        state.reconcile();
        assertNull(map.get("x"), "a is the oldest now");
        assertNull(map.get("b"));
        assertNotNull(map.get("a"));
    }

    @Test
    void aRecordTheRegistryLostIsPublishedAgain() {
        mesh.run("deviceManager", "1.0.0");
        live.add(member("a", "ua", true));
        state.reconcile();
        map.remove("a");
        state.reconcile();
        assertEquals(List.of("deviceManager@1.0.0"), Records.read(map.get("a")).instances().stream().map(InstanceRecord::label).toList());
        live.set(0, member("a", "ua-after-merge", true));
        state.reconcile();
        assertEquals("ua-after-merge", Records.read(map.get("a")).member(), "a merge gives the member a new id: the record follows");
    }

    @Test
    void membersAreJoiningUntilTheyPublishThenUp() {
        live.addAll(List.of(member("b", "ub", false), member("a", "ua", true)));
        state.reconcile();
        assertEquals(ClusterMember.JOINING, state.members().get(0).state());
        assertEquals(1_000, state.members().get(0).since());
        assertFalse(state.complete(), "b was there first and has not published");
        record("b", "ub", ClusterMember.UP, running("deviceManager", "1.0.0"));
        state.reconcile();
        ClusterMember b = state.members().get(0);
        assertEquals(List.of(ClusterMember.UP, 500L, List.of("deviceManager@1.0.0")), List.of(b.state(), b.since(), b.components()));
        assertTrue(state.complete());
        assertTrue(state.members().get(1).local());
    }

    @Test
    void aDrainingNodeSaysSoInItsRecord() {
        live.add(member("a", "ua", true));
        state.reconcile();
        clock.millis += 1_000;
        state.drain();
        NodeRecord mine = Records.read(map.get("a"));
        assertEquals(List.of(ClusterMember.DRAINING, 2_000L), List.of(mine.state(), mine.since()));
    }

    @Test
    void theMembersThatLeftAreKeptBounded() {
        live.add(member("a", "ua", true));
        for (int i = 0; i < ClusterState.DEPARTED_KEPT + 5; i++) {
            live.add(member("n" + i, "u" + i, false));
            state.reconcile();
            live.remove(1);
            state.reconcile();
        }
        assertEquals(1 + ClusterState.DEPARTED_KEPT, state.members().size());
        assertEquals("n" + (ClusterState.DEPARTED_KEPT + 4), state.members().get(1).name(), "the newest departure first");
    }
}
