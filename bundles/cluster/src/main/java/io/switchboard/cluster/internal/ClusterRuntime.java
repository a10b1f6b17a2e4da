package io.switchboard.cluster.internal;

import java.time.Clock;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.cluster.Cluster;
import io.switchboard.cluster.internal.data.ClusterData;
import io.switchboard.cluster.internal.link.ClusterSecret;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshListener;
import io.switchboard.publisher.LocalDelivery;
import io.switchboard.publisher.RecipientSource;
import io.switchboard.subscription.PatternsListener;
import io.switchboard.subscription.SubscriptionService;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/**
 * The cluster on this node, for OSGi: reads the settings, joins on a thread of its own (the health
 * check says "joining" meanwhile), then offers the {@link Cluster} service. A node that cannot join
 * asks the launcher to stop the runtime with an exit code and the reason. When the nodes share one
 * store ({@value #STORE_URL_PROPERTY} is set), data subscriptions work across nodes too
 * ({@link ClusterData}): its recipient source and patterns listener are registered once joined.
 */
@Component(immediate = true, configurationPid = ClusterRuntime.PID)
@Designate(ocd = ClusterRuntime.Config.class)
public final class ClusterRuntime {

    static final String PID = "io.switchboard.cluster";
    /** Set (by the launcher, from SWITCHBOARD_STORE_URL) when the nodes share a PostgreSQL store. */
    static final String STORE_URL_PROPERTY = "switchboard.store.url";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuntime.class);
    private static final long JOIN_STOP_MILLIS = 10_000;

    @ObjectClassDefinition(name = "Switchboard cluster", description = "Membership, failure detection and calls between nodes")
    public @interface Config {
        @AttributeDefinition(description = "How often members tell each other they live, in seconds")
        int heartbeatIntervalSeconds() default 1;

        @AttributeDefinition(description = "How long a member may stay silent (a hung process) before the others remove it, in seconds")
        int hungNodeTimeoutSeconds() default 5;

        @AttributeDefinition(description = "Threads that run the calls other nodes send to this node")
        int callThreads() default 16;

        @AttributeDefinition(description = "Calls in flight per link, each way; more fail with cluster.overloaded")
        int callsInFlightLimit() default 10_000;

        @AttributeDefinition(description = "How calls travel between nodes: 'link' (direct, the default) or 'executor' (Hazelcast's; for comparison)")
        String callTransport() default ClusterSettings.LINK;

        @AttributeDefinition(description = "How long a node stopping on SIGTERM lets the calls and events other nodes sent it finish, in ms")
        long drainTimeoutMillis() default 10_000;
    }

    @Reference
    private Mesh mesh;

    @Reference
    private LocalDelivery localDelivery;

    @Reference
    private SubscriptionService subscriptions;

    private BundleContext context;
    private volatile ClusterNode node;
    private volatile HealthStatus health = HealthStatus.down("joining the cluster");
    private volatile ServiceRegistration<Cluster> registration;
    private ServiceRegistration<HealthCheck> healthRegistration;
    private ServiceRegistration<MeshListener> listenerRegistration;
    private ClusterData data;
    private volatile ServiceRegistration<RecipientSource> recipientsRegistration;
    private volatile ServiceRegistration<PatternsListener> patternsRegistration;
    private Thread joining;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        healthRegistration = context.registerService(HealthCheck.class, new HealthCheck() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public HealthStatus check() {
                ClusterNode joined = node;
                if (registration != null && joined != null && !joined.member()) {
                    return HealthStatus.down("this node's cluster member stopped (see the log); restart the runtime to join again");
                }
                return health;
            }
        }, null);
        ClusterSettings settings;
        ClusterSecret secret;
        try {
            settings = ClusterSettings.read(context::getProperty, config.heartbeatIntervalSeconds(), config.hungNodeTimeoutSeconds(),
                    config.callThreads(), config.callsInFlightLimit(), config.callTransport(), config.drainTimeoutMillis());
            secret = ClusterSecret.of(System.getenv(ClusterSettings.SECRET_ENV));
        } catch (IllegalArgumentException e) {
            refuse(new Refusal(Refusal.SETTINGS, e.getMessage()));
            return;
        }
        ClusterNode created = new ClusterNode(settings, secret, mesh, Clock.systemUTC(), this::membersChanged);
        if (context.getProperty(STORE_URL_PROPERTY) != null) {
            data = new ClusterData(localDelivery, subscriptions, settings.node(), Clock.systemUTC());
            created.data(data);
        }
        node = created;
        listenerRegistration = context.registerService(MeshListener.class, created::schedule, null);
        context.addBundleListener(stopping);
        joining = new Thread(() -> join(created), "switchboard-cluster-join");
        joining.setDaemon(true);
        joining.start();
    }

    private void join(ClusterNode joiner) {
        try {
            joiner.start();
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Cluster.NODE_PROPERTY, joiner.nodeName());
            properties.put(Cluster.MEMBERS_PROPERTY, names(joiner));
            registration = context.registerService(Cluster.class, joiner, properties);
            if (data != null) {
                recipientsRegistration = context.registerService(RecipientSource.class, data.recipients(), null);
                patternsRegistration = context.registerService(PatternsListener.class, data, null);
                data.patternsChanged(); // the patterns subscribed while this node was joining
            }
            health = HealthStatus.up();
        } catch (Refusal e) {
            refuse(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the cluster could not start", e);
            refuse(new Refusal(Refusal.FAILED, "the cluster could not start: " + e.getMessage()));
        }
    }

    private static String[] names(ClusterNode joiner) {
        return joiner.members().stream().filter(member -> !member.state().equals(io.switchboard.cluster.ClusterMember.LEFT))
                .map(io.switchboard.cluster.ClusterMember::name).toArray(String[]::new);
    }

    /** Keeps the service property current, for whoever shows the members without calling in (the launcher's banner). */
    private void membersChanged(List<String> names) {
        ServiceRegistration<Cluster> current = registration;
        ClusterNode joined = node;
        if (current == null || joined == null) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Cluster.NODE_PROPERTY, joined.nodeName());
        properties.put(Cluster.MEMBERS_PROPERTY, names.toArray(String[]::new));
        try {
            current.setProperties(properties);
        } catch (IllegalStateException unregistered) {
            // stopping
        }
    }

    private void refuse(Refusal refusal) {
        health = HealthStatus.down(refusal.getMessage());
        LOG.error("this node cannot be a member of the cluster: {}", refusal.getMessage());
        ClusterNode failed = node;
        if (failed != null) {
            failed.close();
        }
        ExitRequest.send(context, refusal.exitCode(), "cannot join the cluster: " + refusal.getMessage());
    }

    /**
     * The runtime is asked to stop (SIGTERM): the framework then stops the component bundles first
     * and this bundle later, so the node drains now, while its components still run: other nodes
     * stop choosing it and its calls from them finish, before any of its instances begins to leave.
     */
    private final SynchronousBundleListener stopping = event -> {
        if (event.getType() == BundleEvent.STOPPING && event.getBundle().getBundleId() == 0) {
            ClusterNode running = node;
            if (running != null) {
                running.drain();
            }
        }
    };

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(stopping);
        } catch (IllegalStateException stopped) {
            // the framework is gone already
        }
        if (joining != null) {
            joining.interrupt();
            try {
                joining.join(JOIN_STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        unregister(patternsRegistration);
        unregister(recipientsRegistration);
        unregister(registration);
        registration = null;
        unregister(listenerRegistration);
        ClusterNode running = node;
        if (running != null) {
            running.close();
        }
        if (data != null) {
            data.close();
        }
        unregister(healthRegistration);
    }

    private static void unregister(ServiceRegistration<?> service) {
        if (service != null) {
            try {
                service.unregister();
            } catch (IllegalStateException already) {
                // gone with the bundle
            }
        }
    }
}
