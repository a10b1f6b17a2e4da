package io.switchboard.mesh.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.data.DataService;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.EventSubscription;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.CallAnswer;
import io.switchboard.mesh.ExpectedBack;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshListener;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.mesh.internal.lifecycle.ComponentExtender;
import io.switchboard.mesh.internal.route.Brokered;

/**
 * The mesh on this node as an OSGi service, and the extender that brings component bundles to life.
 *
 * <p>A new configuration is applied in place ({@link Modified}): no component stops, the service
 * stays registered, and so do the servlets and protocol actions that use it. Only a new node name
 * needs a restart (it is part of every instance's id): then every component is drained and stopped,
 * the mesh starts again with the new settings, and the log says so.
 */
@Component(service = Mesh.class, immediate = true, configurationPid = MeshRuntime.PID)
@Designate(ocd = MeshRuntime.Config.class)
@Capability(namespace = "osgi.extender", name = MeshComponent.EXTENDER, version = "1.0.0")
public final class MeshRuntime implements Mesh {

    public static final String PID = "io.switchboard.mesh";

    private static final Logger LOG = LoggerFactory.getLogger(MeshRuntime.class);

    @ObjectClassDefinition(name = "Switchboard mesh", description = "Routing of calls and events among versioned components")
    public @interface Config {
        @AttributeDefinition(description = "This node's name in instance ids (a change restarts every component)")
        String node() default "local";

        @AttributeDefinition(description = "Default time a caller waits for an asynchronous answer, in ms")
        long callTimeoutMillis() default 30_000;

        @AttributeDefinition(description = "How long a stopping component may take to finish in-flight calls and events, in ms")
        long drainTimeoutMillis() default 10_000;

        @AttributeDefinition(description = "How long an event handler may run before it is reported (and an 'any' event moves on), in ms")
        long ackTimeoutMillis() default 30_000;

        @AttributeDefinition(description = "Events in one chain before the next is dropped as a loop")
        int hopLimit() default 10;

        @AttributeDefinition(description = "Failed handlers an 'any' event is retried past, on other instances")
        int retryLimit() default 3;

        @AttributeDefinition(description = "Threads running event handlers (0: one per processor, at least 2)")
        int eventThreads() default 0;

        @AttributeDefinition(description = "How long callers wait, in ms, for a component whose bundle stopped (an update in place) "
                + "to come back before they fail with mesh.no-matching-version (0: they fail at once)")
        long rebindMillis() default MeshSettings.DEFAULT_REBIND_MILLIS;

        @AttributeDefinition(description = "The largest body POST /api/exchange reads, in bytes (413 mesh.too-large above it)")
        int maxBodyBytes() default MeshSettings.DEFAULT_MAX_BODY_BYTES;
    }

    private volatile MeshCore core;
    private BundleContext context;
    private ComponentExtender extender;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataService data;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OriginPermissions permissions;

    private final List<MeshListener> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addListener(MeshListener listener) {
        listeners.add(listener);
        MeshCore running = core;
        if (running != null) {
            running.addListener(listener);
        }
    }

    void removeListener(MeshListener listener) {
        listeners.remove(listener);
        MeshCore running = core;
        if (running != null) {
            running.removeListener(listener);
        }
    }

    /**
     * The launcher's framework property naming this node in a cluster ({@code --node-name}); when it
     * is set it wins over the {@code node} setting, so a cluster node's instances carry the name the
     * other nodes know it by.
     */
    public static final String NODE_NAME_PROPERTY = "switchboard.node.name";

    /** The node name the launcher gave, or null. */
    private String launcherNode;

    /**
     * The launcher's framework property listing the components this node serves its clients from
     * other nodes ({@code --broker}, {@code SWITCHBOARD_BROKER}: names, or {@code *}); checked by the launcher.
     */
    public static final String BROKER_PROPERTY = "switchboard.cluster.broker";

    private Brokered brokered = Brokered.NONE;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        String given = context.getProperty(NODE_NAME_PROPERTY);
        this.launcherNode = given == null || given.isBlank() ? null : given.trim();
        this.brokered = Brokered.parse(context.getProperty(BROKER_PROPERTY));
        start(named(config));
    }

    /** Writing the configuration (even its defaults) must not stop the components: see the class comment. */
    @Modified
    synchronized void modified(Config config) {
        MeshSettings next = named(config);
        MeshSettings current = core.settings();
        if (next.equals(current)) {
            return;
        }
        String changes = changes(current, next);
        if (core.appliesInPlace(next)) {
            core.apply(next);
            LOG.info("mesh settings changed in place, no component restarted: {}", changes);
            return;
        }
        LOG.warn("mesh settings changed: {}; a new node name is part of every instance's id, so every component is drained, "
                + "stopped and started again now (calls meanwhile fail with mesh.no-matching-version)", changes);
        stop();
        start(next);
        LOG.info("the mesh restarted as node {}", next.node());
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private void start(MeshSettings settings) {
        MeshCore started = new MeshCore(settings);
        started.dataService(() -> data);
        started.originPermissions(() -> permissions);
        started.broker(brokered);
        listeners.forEach(started::addListener);
        core = started;
        extender = new ComponentExtender(context, started.launcher());
        extender.open();
    }

    private void stop() {
        extender.close(); // withdraws every component: out of routing, drained, closed
        core.close();
    }

    /** The settings of a configuration, named by the launcher's node name when it gave one. */
    private MeshSettings named(Config config) {
        MeshSettings asked = settings(config, launcherNode == null);
        return launcherNode == null ? asked : asked.withNode(launcherNode);
    }

    /** The settings a configuration asks for; a value out of range is logged and replaced by its default, never taken. */
    static MeshSettings settings(Config config) {
        return settings(config, true);
    }

    private static MeshSettings settings(Config config, boolean checkNode) {
        MeshSettings defaults = MeshSettings.defaults();
        int threads = config.eventThreads() > 0 ? Math.min(config.eventThreads(), 256) : defaults.eventThreads();
        boolean badNode = config.node() == null || config.node().isBlank() || config.node().contains("/");
        String node = badNode ? (checkNode ? invalid("node", config.node(), "a name without '/'", defaults.node()) : defaults.node())
                : config.node();
        return new MeshSettings(node,
                atLeast("callTimeoutMillis", config.callTimeoutMillis(), 1, defaults.callTimeoutMillis()),
                atLeast("drainTimeoutMillis", config.drainTimeoutMillis(), 0, defaults.drainTimeoutMillis()),
                atLeast("ackTimeoutMillis", config.ackTimeoutMillis(), 1, defaults.ackTimeoutMillis()),
                (int) atLeast("hopLimit", config.hopLimit(), 0, defaults.hopLimit()),
                (int) atLeast("retryLimit", config.retryLimit(), 0, defaults.retryLimit()),
                threads,
                atLeast("rebindMillis", config.rebindMillis(), 0, defaults.rebindMillis()));
    }

    private static long atLeast(String key, long value, long minimum, long fallback) {
        return value >= minimum ? value : invalid(key, value, "at least " + minimum, fallback);
    }

    private static <T> T invalid(String key, Object value, String expected, T fallback) {
        LOG.warn("mesh setting {} = {} is not {}; {} is used instead", key, value, expected, fallback);
        return fallback;
    }

    /** "callTimeoutMillis 30000 -> 5000, hopLimit 10 -> 12", for the log. */
    static String changes(MeshSettings before, MeshSettings after) {
        List<String> changed = new ArrayList<>();
        Consumer<String[]> add = pair -> {
            if (!pair[1].equals(pair[2])) {
                changed.add(pair[0] + " " + pair[1] + " -> " + pair[2]);
            }
        };
        add.accept(new String[] {"node", before.node(), after.node()});
        add.accept(new String[] {"callTimeoutMillis", "" + before.callTimeoutMillis(), "" + after.callTimeoutMillis()});
        add.accept(new String[] {"drainTimeoutMillis", "" + before.drainTimeoutMillis(), "" + after.drainTimeoutMillis()});
        add.accept(new String[] {"ackTimeoutMillis", "" + before.ackTimeoutMillis(), "" + after.ackTimeoutMillis()});
        add.accept(new String[] {"hopLimit", "" + before.hopLimit(), "" + after.hopLimit()});
        add.accept(new String[] {"retryLimit", "" + before.retryLimit(), "" + after.retryLimit()});
        add.accept(new String[] {"eventThreads", "" + before.eventThreads(), "" + after.eventThreads()});
        add.accept(new String[] {"rebindMillis", "" + before.rebindMillis(), "" + after.rebindMillis()});
        return String.join(", ", changed);
    }

    @Override
    public List<ComponentDescription> describe() {
        return core.describe();
    }

    @Override
    public MeshSnapshot snapshot() {
        return core.snapshot();
    }

    @Override
    public EventCounts eventCounts() {
        return core.eventCounts();
    }

    @Override
    public Map<String, EventCounts> eventCountsByEvent() {
        return core.eventCountsByEvent();
    }

    @Override
    public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return core.call(origin, component, method, args, options);
    }

    @Override
    public Promise<CallAnswer> callAnswered(Origin origin, String component, String method, List<?> args, CallOptions options) {
        return core.callAnswered(origin, component, method, args, options);
    }

    @Override
    public boolean mayHoldCaller(String component, String method, int arity) {
        return core.mayHoldCaller(component, method, arity);
    }

    @Override
    public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
        return core.subscribe(origin, component, eventPattern, range, handler);
    }

    @Override
    public void add(Instance instance) {
        core.add(instance);
    }

    @Override
    public Promise<Object> invoke(String component, String version, String method, List<?> args, Origin origin, int hops,
            CallOptions options) {
        return core.invoke(component, version, method, args, origin, hops, options);
    }

    @Override
    public String node() {
        return core.node();
    }

    @Override
    public List<EventSubscription> eventSubscriptions() {
        return core.eventSubscriptions();
    }

    @Override
    public Subscription subscribe(EventSubscription subscription, Instance subscriber) {
        return core.subscribe(subscription, subscriber);
    }

    @Override
    public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
        core.deliver(subscriptionId, event, failover, acknowledgement);
    }

    @Override
    public void remove(Instance instance) {
        core.remove(instance);
    }

    @Override
    public List<ExpectedBack> expectedBack() {
        return core.expectedBack();
    }

    @Override
    public Subscription expectBack(String node, ExpectedBack expected) {
        return core.expectBack(node, expected);
    }
}
