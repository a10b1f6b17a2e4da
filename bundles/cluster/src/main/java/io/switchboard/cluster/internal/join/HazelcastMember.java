package io.switchboard.cluster.internal.join;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;

import io.switchboard.cluster.internal.ClusterSettings;
import io.switchboard.cluster.internal.call.ExecutorTransport;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.registry.MemberInfo;
import io.switchboard.cluster.internal.registry.RegistryMap;

/**
 * This node's embedded Hazelcast member: membership and failure detection, and the replicated
 * registry. Configured for a cluster of Switchboard nodes and nothing else: TCP-IP join to the
 * configured members only (no multicast, no auto-detection, no phone-home), a member endpoint bound
 * to the configured address only (no client, REST or memcache endpoint), the cluster name derived
 * from the secret, heartbeats tuned so that a hung node is removed after {@code hungNodeTimeoutSeconds},
 * and quick split-brain merges.
 */
public final class HazelcastMember implements AutoCloseable {

    /** Member attribute: the node's name. */
    public static final String NODE_ATTRIBUTE = "switchboard.node";
    /** Member attribute: the node's link address, {@code host:port}. */
    public static final String LINK_ATTRIBUTE = "switchboard.link";
    static final String REGISTRY = "switchboard.registry";

    private final HazelcastInstance hazelcast;
    private final ReplicatedMap<String, String> registry;

    private HazelcastMember(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.registry = hazelcast.getReplicatedMap(REGISTRY);
    }

    /** Starts the member and joins the configured members that are up (or forms the cluster alone). */
    public static HazelcastMember start(ClusterSettings settings, String clusterName, CallHandler calls) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Hazelcast finds its own services through the context class loader: give it its bundle's.
        thread.setContextClassLoader(Hazelcast.class.getClassLoader());
        try {
            return new HazelcastMember(Hazelcast.newHazelcastInstance(config(settings, clusterName, calls)));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static Config config(ClusterSettings settings, String clusterName, CallHandler calls) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName("switchboard-" + settings.node());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.socket.server.bind.any", "false");
        config.setProperty("hazelcast.socket.client.bind.any", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // the runtime stops it, after draining
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(settings.heartbeatIntervalSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.hungNodeTimeoutSeconds()));
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        // A node that was cut off (or hung) and comes back rejoins within seconds, not minutes.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        // No partitioned data is kept, only the replicated registry: few partitions, quick to form.
        config.setProperty("hazelcast.partition.count", "23");
        config.getMetricsConfig().setEnabled(false);
        config.getJetConfig().setEnabled(false);

        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
                .setPort(settings.port())
                .setPortAutoIncrement(false)
                .setReuseAddress(true)
                .setSocketTcpNoDelay(true)
                .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(settings.host())));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        List<String> members = new ArrayList<>(settings.members().stream().map(ClusterSettings::hostPort).toList());
        members.add(ClusterSettings.hostPort(new InetSocketAddress(settings.host(), settings.port())));
        join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);

        config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, settings.node());
        config.getMemberAttributeConfig().setAttribute(LINK_ATTRIBUTE, ClusterSettings.hostPort(settings.linkAddress()));
        config.addReplicatedMapConfig(new ReplicatedMapConfig(REGISTRY)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                // a late joiner's reads wait until it holds the whole map
                .setAsyncFillup(false)
                .setStatisticsEnabled(false));
        // only for callTransport = executor, the comparison kept for bench/cluster.sh
        config.getSerializationConfig().addDataSerializableFactory(ExecutorTransport.FACTORY_ID, ExecutorTransport.factory());
        config.addExecutorConfig(new ExecutorConfig(ExecutorTransport.EXECUTOR, settings.callThreads()));
        config.getUserContext().put(ExecutorTransport.HANDLER, calls);
        return config;
    }

    /** The live members, oldest first. */
    public List<MemberInfo> members() {
        List<MemberInfo> members = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            String node = member.getAttribute(NODE_ATTRIBUTE);
            if (node == null) {
                continue; // not a Switchboard node: it cannot hold the derived cluster name, but never route to it
            }
            members.add(new MemberInfo(node, member.getUuid().toString(), member.getAddress().getHost() + ":" + member.getAddress().getPort(),
                    ClusterSettings.parseHostPort(member.getAttribute(LINK_ATTRIBUTE)), member.localMember()));
        }
        return members;
    }

    /** Tells {@code changed} of every change of membership, of the registry, of a merge after a split, and of the member stopping. */
    public void onChange(Runnable changed) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                changed.run();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                changed.run();
            }
        });
        registry.addEntryListener(new EntryAdapter<String, String>() {
            @Override
            public void onEntryEvent(EntryEvent<String, String> event) {
                changed.run();
            }

            @Override
            public void onMapEvent(MapEvent event) {
                changed.run();
            }
        });
        hazelcast.getLifecycleService().addLifecycleListener((LifecycleEvent event) -> {
            LifecycleState state = event.getState();
            if (state == LifecycleState.MERGED || state == LifecycleState.MERGE_FAILED || state == LifecycleState.SHUTDOWN) {
                changed.run();
            }
        });
    }

    /** The replicated registry. */
    public RegistryMap registry() {
        return new RegistryMap() {
            @Override
            public void put(String node, String record) {
                registry.put(node, record);
            }

            @Override
            public String get(String node) {
                return registry.get(node);
            }

            @Override
            public void remove(String node) {
                registry.remove(node);
            }

            @Override
            public Map<String, String> entries() {
                Map<String, String> entries = new java.util.HashMap<>();
                registry.entrySet().forEach(entry -> entries.put(entry.getKey(), entry.getValue()));
                return entries;
            }
        };
    }

    public boolean running() {
        return hazelcast.getLifecycleService().isRunning();
    }

    /** The underlying instance, for the executor transport kept for comparison. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Leaves the cluster: the other members see it go at once. */
    @Override
    public void close() {
        hazelcast.shutdown();
    }
}
