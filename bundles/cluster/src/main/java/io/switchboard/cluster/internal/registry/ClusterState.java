package io.switchboard.cluster.internal.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.cluster.ClusterMember;
import io.switchboard.cluster.internal.call.RemoteInstance;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Mesh;

/**
 * This node's view of the cluster, brought up to date by {@link #reconcile} whenever membership,
 * the replicated registry or the local mesh changed (and on a timer, which also repairs what a
 * missed event left behind). All of it runs on one thread, so none of it needs a lock; other
 * threads read the published snapshots.
 *
 * <p>Each pass: publishes this node's record again if what it runs changed, or if the registry
 * lost or changed it (a merge after a split, a race with a cleanup); lets the oldest member remove
 * the records of members that are gone (Hazelcast has no entries that die with their owner); routes
 * to the running instances of every other live member that is up, and to nothing else, and adds
 * their event subscriptions to this node's mesh (so its events reach only the nodes that subscribed);
 * and tells the links which nodes came and went, after routing has stopped choosing the ones that went.
 */
public final class ClusterState {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);
    /** How many members that left are still listed (with state {@code left}). */
    static final int DEPARTED_KEPT = 32;

    private final String self;
    private final Supplier<List<MemberInfo>> membership;
    private final RegistryMap registry;
    private final Mesh mesh;
    private final BiFunction<String, InstanceRecord, RemoteInstance> remote;
    private final Peers peers;
    private final Clock clock;
    private final Consumer<List<String>> membersChanged;

    private final Map<String, RemoteInstance> routed = new HashMap<>();
    /**
     * Per node that publishes them, what holds the subscriptions it makes for its clients (an edge
     * node's, for the components it brokers): events go there as to an instance, but it takes no calls,
     * so it is never routed to.
     */
    private final Map<String, RemoteInstance> clients = new HashMap<>();
    /** Other nodes' subscriptions added to the mesh, by id, with what they were added as. */
    private final Map<String, Subscribed> subscribed = new HashMap<>();
    /**
     * The instances other nodes expect back (their update in place), as waits opened in this node's
     * mesh, by node and label; a wait the mesh refused is kept as one that does nothing, logged once.
     */
    private final Map<String, Subscription> expected = new HashMap<>();
    /**
     * What holds the subscriptions another node publishes for an instance it expects back (the
     * stand-ins that hold their groups' events there): events go there as to the instance, but it
     * takes no calls, so it is never routed to. By instance id, kept while the instance is expected back.
     */
    private final Map<String, RemoteInstance> awayHolders = new HashMap<>();
    /** Subscriptions the mesh refused (logged once each). */
    private final Set<String> refused = new HashSet<>();
    private final Map<String, Long> firstSeen = new HashMap<>();
    private final LinkedHashMap<String, ClusterMember> departed = new LinkedHashMap<>();
    private Map<String, MemberInfo> live = Map.of();
    private NodeRecord published;
    private String state = ClusterMember.UP;
    private long since;
    private long revision;
    private List<String> memberNames = List.of();

    /** The data part (io.switchboard.cluster.internal.data): this node's data subscription patterns, and who routes to the others'. */
    private Supplier<DataRecord> dataPatterns = () -> DataRecord.NONE;
    private Consumer<Map<String, DataRecord>> dataRoutes = routes -> { };

    private volatile List<ClusterMember> members = List.of();
    private volatile Set<String> localLabels = Set.of();
    private volatile boolean complete;

    /**
     * @param membership     the live members, oldest first
     * @param remote         makes the instance that routes to a record's instance on a node
     * @param membersChanged told the names of the live members when they change
     */
    public ClusterState(String self, Supplier<List<MemberInfo>> membership, RegistryMap registry, Mesh mesh,
            BiFunction<String, InstanceRecord, RemoteInstance> remote, Peers peers, Clock clock, Consumer<List<String>> membersChanged) {
        this.self = self;
        this.membership = membership;
        this.registry = registry;
        this.mesh = mesh;
        this.remote = remote;
        this.peers = peers;
        this.clock = clock;
        this.membersChanged = membersChanged;
        this.since = clock.millis();
    }

    /**
     * Wires the data part, before the first {@link #reconcile}: {@code local} gives this node's data
     * subscription patterns for its record; {@code remote} is told, on every pass, the patterns of
     * every other live member by node name ({@link DataRecord#NONE} while its record is not here).
     */
    public void dataPart(Supplier<DataRecord> local, Consumer<Map<String, DataRecord>> remote) {
        this.dataPatterns = local;
        this.dataRoutes = remote;
    }

    /** The members as last seen: live ones oldest first, then those that left, newest first. */
    public List<ClusterMember> members() {
        return members;
    }

    /** Whether an instance of the component at that version runs on this node (calls from other nodes check it). */
    public boolean runsHere(String component, String version) {
        return localLabels.contains(component + "@" + version);
    }

    /**
     * Whether this node holds the record of every member that joined before it: a late joiner's
     * copy of the registry is filled in by Hazelcast in the background, and the node is not ready
     * until it holds the records of those that were there first.
     */
    public boolean complete() {
        return complete;
    }

    /** This node stops taking new work: its record says so, and other nodes stop routing to it. */
    public void drain() {
        if (!state.equals(ClusterMember.DRAINING)) {
            state = ClusterMember.DRAINING;
            since = clock.millis();
        }
        reconcile();
    }

    /** Brings everything up to date; see the class comment. Runs on the cluster's thread only. */
    public void reconcile() {
        List<MemberInfo> current = membership.get();
        Map<String, MemberInfo> now = new LinkedHashMap<>();
        current.forEach(member -> now.put(member.node(), member));
        MemberInfo me = now.get(self);
        List<InstanceRecord> running = localInstances(mesh.describe());
        localLabels = Set.copyOf(running.stream().map(InstanceRecord::label).toList());
        // read after the description: an instance that left is already expected back there (its gap opens first)
        List<InstanceRecord> local = withExpectedBack(running, mesh.expectedBack());
        // an instance expected back keeps its groups here while it is away: the stand-ins that hold their events
        Set<String> returning = Set.copyOf(local.stream().filter(instance -> !instance.running()).map(InstanceRecord::label).toList());
        List<SubscriptionEntry> subscriptions = mesh.eventSubscriptions().stream().map(SubscriptionEntry::of)
                .filter(entry -> localLabels.contains(entry.label()) || entry.forClients() || returning.contains(entry.label())).toList();
        if (me != null) {
            publish(me, local, subscriptions);
        }
        Map<String, NodeRecord> records = readRecords();
        if (!current.isEmpty() && current.get(0).local()) {
            removeStale(records, now);
        }
        route(records, now);
        dataRoutes.accept(remoteData(records, now));
        complete = olderMembersPublished(current, records);
        Set<String> gone = new HashSet<>(live.keySet());
        gone.removeAll(now.keySet());
        Set<String> came = new HashSet<>(now.keySet());
        came.removeAll(live.keySet());
        Map<String, MemberInfo> before = live;
        live = now;
        for (String node : gone) {
            MemberInfo was = before.get(node);
            LOG.info("node {} at {} left the cluster", node, was.address());
            firstSeen.remove(node);
            departed.remove(node);
            departed.put(node, new ClusterMember(node, was.address(), ClusterMember.LEFT, clock.millis(), List.of(), false));
            while (departed.size() > DEPARTED_KEPT) {
                departed.remove(departed.keySet().iterator().next());
            }
            if (!node.equals(self)) {
                peers.left(node);
            }
        }
        for (String node : came) {
            departed.remove(node);
            if (!node.equals(self)) {
                LOG.info("node {} at {} joined the cluster", node, now.get(node).address());
                peers.joined(node);
            }
        }
        members = list(now, records);
        List<String> names = List.copyOf(now.keySet());
        if (!names.equals(memberNames)) {
            memberNames = names;
            membersChanged.accept(names);
        }
    }

    /**
     * This node's running instances, from the mesh's description. The mesh names this node as it
     * was configured (by default "local"); every other node it names is one this class routed to.
     */
    private List<InstanceRecord> localInstances(List<ComponentDescription> described) {
        Set<String> remoteNodes = new HashSet<>();
        routed.values().forEach(instance -> remoteNodes.add(instance.node()));
        List<InstanceRecord> local = new ArrayList<>();
        for (ComponentDescription description : described) {
            if (description.state().equals("running") && description.nodes().stream().anyMatch(node -> !remoteNodes.contains(node))) {
                local.add(new InstanceRecord(description.name(), description.version(), description.methods(), description.events(),
                        InstanceRecord.RUNNING));
            }
        }
        local.sort(Comparator.comparing(InstanceRecord::label));
        return List.copyOf(local);
    }

    private static List<InstanceRecord> withExpectedBack(List<InstanceRecord> running, List<ExpectedBack> expectedBack) {
        if (expectedBack.isEmpty()) {
            return running;
        }
        List<InstanceRecord> all = new ArrayList<>(running);
        expectedBack.forEach(back -> all.add(InstanceRecord.returning(back)));
        all.sort(Comparator.comparing(InstanceRecord::label).thenComparing(InstanceRecord::state));
        return List.copyOf(all);
    }

    private void publish(MemberInfo me, List<InstanceRecord> local, List<SubscriptionEntry> subscriptions) {
        DataRecord data = dataPatterns.get();
        NodeRecord next = new NodeRecord(self, me.member(), me.address(), state, since, revision, local, subscriptions, data);
        String current = registry.get(self);
        NodeRecord there = current == null ? null : Records.read(current);
        if (published != null && next.sameAs(published) && published.sameAs(there)) {
            return;
        }
        if (published != null && !next.sameAs(published)) {
            LOG.debug("publishing node {}: {} {}", self, state, local.stream().map(InstanceRecord::label).toList());
        } else if (published != null) {
            LOG.info("the registry lost this node's record (a merge, or a cleanup that raced a restart): publishing it again");
        }
        revision++;
        published = new NodeRecord(self, me.member(), me.address(), state, since, revision, local, subscriptions, data);
        registry.put(self, Records.write(published));
    }

    private Map<String, NodeRecord> readRecords() {
        Map<String, NodeRecord> records = new HashMap<>();
        registry.entries().forEach((node, text) -> {
            NodeRecord record = Records.read(text);
            if (record != null && record.node().equals(node)) {
                records.put(node, record);
            }
        });
        return records;
    }

    /** The data patterns of every other live member, from its current record. */
    private Map<String, DataRecord> remoteData(Map<String, NodeRecord> records, Map<String, MemberInfo> now) {
        Map<String, DataRecord> data = new HashMap<>();
        now.forEach((node, member) -> {
            if (!node.equals(self)) {
                NodeRecord record = records.get(node);
                data.put(node, record != null && record.member().equals(member.member()) ? record.data() : DataRecord.NONE);
            }
        });
        return data;
    }

    private static boolean olderMembersPublished(List<MemberInfo> current, Map<String, NodeRecord> records) {
        for (MemberInfo member : current) {
            if (member.local()) {
                return true;
            }
            NodeRecord record = records.get(member.node());
            if (record == null || !record.member().equals(member.member())) {
                return false;
            }
        }
        return false;
    }

    /** The oldest member's duty: records whose owner is not a live member (or is an earlier run of it) go. */
    private void removeStale(Map<String, NodeRecord> records, Map<String, MemberInfo> now) {
        for (Map.Entry<String, String> entry : registry.entries().entrySet()) {
            String node = entry.getKey();
            NodeRecord record = records.get(node);
            MemberInfo member = now.get(node);
            boolean stale = member == null || record == null || !record.member().equals(member.member());
            if (stale && !node.equals(self) && entry.getValue().equals(registry.get(node))) {
                registry.remove(node);
                records.remove(node);
                LOG.debug("removed the registry record of node {}: its member is gone", node);
            }
        }
    }

    /**
     * Routes to the running instances of the other nodes that are up. The instances they expect back
     * are waited for here before routing stops choosing them, and no longer once the instances
     * that came back are routed: a caller here never finds the component absent while its node
     * expects it back, and never waits for what is already there.
     */
    private void route(Map<String, NodeRecord> records, Map<String, MemberInfo> now) {
        Map<String, RemoteInstance> desired = new HashMap<>();
        Map<String, Expected> expectedNow = new HashMap<>();
        for (NodeRecord record : records.values()) {
            MemberInfo member = now.get(record.node());
            if (record.node().equals(self) || member == null || !member.member().equals(record.member())
                    || !record.state().equals(ClusterMember.UP)) {
                continue;
            }
            for (InstanceRecord instance : record.instances()) {
                if (instance.running()) {
                    RemoteInstance routable = remote.apply(record.node(), instance);
                    desired.put(routable.id(), routable);
                } else if (instance.state().equals(InstanceRecord.RETURNING)) {
                    expectedNow.put(record.node() + " " + instance.label(),
                            new Expected(record.node(), new ExpectedBack(instance.component(), instance.version())));
                }
            }
        }
        expectedNow.forEach((key, wait) -> expected.computeIfAbsent(key, k -> expect(wait)));
        awayHolders.keySet().retainAll(expectedNow.values().stream()
                .map(wait -> RemoteInstance.id(wait.node(), wait.instance().component(), wait.instance().version())).toList());
        for (RemoteInstance instance : List.copyOf(routed.values())) {
            if (!desired.containsKey(instance.id())) {
                routed.remove(instance.id());
                mesh.remove(instance);
            }
        }
        for (RemoteInstance instance : desired.values()) {
            RemoteInstance known = routed.get(instance.id());
            if (known == null || !known.sameAs(instance)) {
                routed.put(instance.id(), instance);
                mesh.add(instance);
            }
        }
        for (String key : List.copyOf(expected.keySet())) {
            if (!expectedNow.containsKey(key)) {
                expected.remove(key).close();
            }
        }
        subscribe(records, now);
    }

    /** An instance a node expects back. */
    private record Expected(String node, ExpectedBack instance) {
    }

    private Subscription expect(Expected wait) {
        try {
            return mesh.expectBack(wait.node(), wait.instance());
        } catch (SwitchboardException e) {
            LOG.warn("node {} expects {} back, which this node cannot read ({}): callers here do not wait for it", wait.node(),
                    wait.instance().label(), e.getMessage());
            return () -> { };
        }
    }

    /** A subscription of another node's instance, as added to this node's mesh. */
    private record Subscribed(EventSubscription subscription, RemoteInstance subscriber, Subscription handle) {
    }

    /**
     * Adds the subscriptions of the instances routed to (on nodes that are up) and removes the
     * others: an event emitted here goes to a node only while one of its instances subscribes to it.
     */
    private void subscribe(Map<String, NodeRecord> records, Map<String, MemberInfo> now) {
        Map<String, EventSubscription> desired = new HashMap<>();
        Map<String, RemoteInstance> holders = new HashMap<>();
        for (NodeRecord record : records.values()) {
            MemberInfo member = now.get(record.node());
            if (record.node().equals(self) || member == null || !member.member().equals(record.member())
                    || !record.state().equals(ClusterMember.UP)) {
                continue;
            }
            Set<String> away = Set.copyOf(record.instances().stream().filter(instance -> instance.state().equals(InstanceRecord.RETURNING))
                    .map(InstanceRecord::label).toList());
            for (SubscriptionEntry entry : record.subscriptions()) {
                EventSubscription subscription = entry.toSubscription();
                String id = RemoteInstance.id(record.node(), entry.component(), entry.version());
                RemoteInstance holder = entry.forClients() ? clientsOf(record.node())
                        : routed.containsKey(id) ? routed.get(id)
                        : away.contains(entry.label()) ? awayHolder(record.node(), entry) : null;
                if (subscription != null && holder != null) {
                    desired.put(subscription.id(), subscription);
                    holders.put(subscription.id(), holder);
                }
            }
        }
        clients.keySet().retainAll(now.keySet());
        // a subscription that changed is replaced; one that went is removed only after the new ones are
        // added, so that a group whose instance is swapped for its stand-in is never empty here
        List<Subscribed> gone = new ArrayList<>();
        for (Subscribed known : List.copyOf(subscribed.values())) {
            String id = known.subscription().id();
            String holderId = known.subscriber().id();
            RemoteInstance current = routed.containsKey(holderId) ? routed.get(holderId)
                    : awayHolders.containsKey(holderId) ? awayHolders.get(holderId) : clients.get(known.subscriber().node());
            if (!desired.containsKey(id)) {
                gone.add(known);
            } else if (!known.subscription().equals(desired.get(id)) || current != known.subscriber()) {
                subscribed.remove(id);
                known.handle().close();
            }
        }
        refused.retainAll(desired.keySet());
        for (Map.Entry<String, EventSubscription> entry : desired.entrySet()) {
            if (subscribed.containsKey(entry.getKey()) || refused.contains(entry.getKey())) {
                continue;
            }
            RemoteInstance holder = holders.get(entry.getKey());
            try {
                subscribed.put(entry.getKey(), new Subscribed(entry.getValue(), holder, mesh.subscribe(entry.getValue(), holder)));
            } catch (SwitchboardException e) {
                refused.add(entry.getKey());
                LOG.warn("node {} published a subscription of {} this node cannot read ({}): its events do not go there",
                        holder.node(), holder.id(), e.getMessage());
            }
        }
        for (Subscribed known : gone) {
            subscribed.remove(known.subscription().id());
            known.handle().close();
        }
    }

    /** What holds the subscriptions of another node's instance while it is expected back: made once, never routed. */
    private RemoteInstance awayHolder(String node, SubscriptionEntry entry) {
        return awayHolders.computeIfAbsent(RemoteInstance.id(node, entry.component(), entry.version()),
                id -> remote.apply(node, InstanceRecord.returning(new ExpectedBack(entry.component(), entry.version()))));
    }

    /** What holds a node's subscriptions for its clients: made once per node, kept while it is a member. */
    private RemoteInstance clientsOf(String node) {
        return clients.computeIfAbsent(node, n -> remote.apply(n, new InstanceRecord(EventSubscription.CLIENTS, "0.0.0", List.of(),
                List.of(), InstanceRecord.RUNNING)));
    }

    private List<ClusterMember> list(Map<String, MemberInfo> now, Map<String, NodeRecord> records) {
        List<ClusterMember> list = new ArrayList<>();
        for (MemberInfo member : now.values()) {
            NodeRecord record = member.local() ? published : records.get(member.node());
            if (record != null && record.member().equals(member.member())) {
                firstSeen.remove(member.node());
                list.add(new ClusterMember(member.node(), member.address(), record.state(), record.since(),
                        record.instances().stream().filter(InstanceRecord::running).map(InstanceRecord::label).toList(), member.local()));
            } else {
                long seen = firstSeen.computeIfAbsent(member.node(), n -> clock.millis());
                list.add(new ClusterMember(member.node(), member.address(), ClusterMember.JOINING, seen, List.of(), member.local()));
            }
        }
        List<ClusterMember> gone = new ArrayList<>(departed.values());
        java.util.Collections.reverse(gone);
        list.addAll(gone);
        return List.copyOf(list);
    }

    /** Takes every remote instance out of routing (this node is leaving the cluster). */
    public void forgetAll() {
        subscribed.values().forEach(known -> known.handle().close());
        subscribed.clear();
        routed.values().forEach(mesh::remove);
        routed.clear();
        expected.values().forEach(Subscription::close);
        expected.clear();
        awayHolders.clear();
        clients.clear();
        localLabels = Set.of();
    }
}
