package io.switchboard.itests.cluster.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.Happn;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.ClusterNodes;
import io.switchboard.itests.support.WireClient;
import io.switchboard.mesh.EventCounts;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.suite.MeshFixture;
import io.switchboard.mesh.suite.MeshNode;

/**
 * The suites' fixture on a {@link ClusterBehaviourCluster}: a component is started by dropping its
 * bundle into the node's {@code deploy/} and stopped by deleting it, a handle is a generated
 * component reached over the node's edge (its event handlers run in the test's JVM), and "sync"
 * awaits the nodes' {@code /api/mesh/description} until they agree on the instances, then the
 * operator's reads until every node knows every component event subscription, never a sleep. A
 * client's event subscription is a WebSocket session of its own. Closing it deletes every bundle
 * it deployed and forgets its handlers; the next fixture waits until the nodes run nothing.
 */
final class ClusterBehaviourFixture implements MeshFixture {

    private final ClusterBehaviourCluster cluster;
    private final List<Dropped> dropped = new ArrayList<>();
    private final List<Baseline> baselines = new ArrayList<>();
    private final List<ClientSubscription> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What a node had counted when this fixture began: a test reads its own counts, the cluster serves a whole class. */
    record Baseline(EventCounts total, Map<String, EventCounts> byEvent, long overdue) {
    }

    /** A bundle this fixture dropped into a node's deploy/; not accepted when another one already claimed its component. */
    private record Dropped(int node, String name, String version, Path file, boolean accepted) implements Deployed {
    }

    /** A bundle stopped for an update in place by its owner, and whether its new revision came. */
    private record Update(String owner, Dropped stopped, boolean cameBack) {
    }

    private final List<Update> updates = new ArrayList<>();
    private final List<Runnable> watches = new java.util.concurrent.CopyOnWriteArrayList<>();

    ClusterBehaviourFixture(ClusterBehaviourCluster cluster) {
        this.cluster = cluster;
        for (int node = 0; node < ClusterBehaviourCluster.NODES; node++) {
            JsonNode counts = cluster.edge(node).operator("counts");
            Map<String, EventCounts> byEvent = new java.util.HashMap<>();
            counts.path("byEvent").fields().forEachRemaining(entry -> byEvent.put(entry.getKey(), ClusterBehaviourNode.counts(entry.getValue())));
            baselines.add(new Baseline(ClusterBehaviourNode.counts(counts.path("total")), byEvent, cluster.overdueLines(node)));
        }
    }

    ClusterBehaviourCluster cluster() {
        return cluster;
    }

    Baseline baseline(int node) {
        return baselines.get(node);
    }

    @Override
    public MeshNode node(int index) {
        return new ClusterBehaviourNode(this, index);
    }

    /**
     * Drops the component's bundle into the node's deploy/; while its owner updates a stopped bundle
     * of the same component in place, the new revision goes into that bundle instead; a second
     * bundle claiming a name and version already running is refused, as the node's log says.
     */
    @Override
    public Deployed start(int node, Class<?> type, String version) {
        Path jar = cluster.jars().component(type, version);
        io.switchboard.api.mesh.MeshComponent declared = type.getAnnotation(io.switchboard.api.mesh.MeshComponent.class);
        String name = declared.name();
        String running = declared.version().isEmpty() ? version : declared.version();
        for (Update update : List.copyOf(updates)) {
            if (update.stopped().node() == node && update.stopped().name().equals(name) && !update.cameBack()) {
                return updateInPlace(update, running, jar);
            }
        }
        if (dropped.stream().anyMatch(d -> d.node() == node && d.name().equals(name) && d.version().equals(running) && d.accepted())) {
            return secondClaim(node, name, running, cluster.jars().claimant(type, version));
        }
        return drop(node, name, running, jar);
    }

    private Dropped updateInPlace(Update update, String version, Path jar) {
        Dropped stopped = update.stopped();
        cluster.edge(stopped.node()).operatorStep("update", Map.of("file", stopped.file().getFileName().toString(), "from", jar.toString()));
        Dropped next = new Dropped(stopped.node(), stopped.name(), version, stopped.file(), true);
        dropped.remove(stopped);
        dropped.add(next);
        updates.set(updates.indexOf(update), new Update(update.owner(), stopped, true));
        Await.until(stopped.name() + "@" + version + " runs on " + ClusterBehaviourCluster.name(stopped.node()), ClusterBehaviourCluster.SEEN,
                () -> "running".equals(state(stopped.node(), stopped.name(), version)));
        sync();
        return next;
    }

    private Dropped secondClaim(int node, String name, String version, Path jar) {
        String refused = "two components claim " + name + "@" + version;
        int before = cluster.lines(node, refused);
        Dropped claim = copy(node, name, version, jar, false);
        Await.until(ClusterBehaviourCluster.name(node) + " refuses the second claim on " + name + "@" + version, ClusterBehaviourCluster.SEEN,
                () -> cluster.lines(node, refused) > before);
        return claim;
    }

    @Override
    public Happn handle(int node, String name, String version, String... dependencies) {
        Dropped handle = drop(node, name, version, cluster.jars().handle(name, version, List.of(dependencies)));
        String state = state(node, name, version);
        if (!"running".equals(state)) {
            throw new IllegalStateException(name + "@" + version + " is " + state + " on " + ClusterBehaviourCluster.name(node) + ": "
                    + cluster.edge(node).description());
        }
        return new ClusterBehaviourHappn(cluster.edge(handle.node()), name, version, cluster.handlers(), this::catchUpClients);
    }

    private Dropped drop(int node, String name, String version, Path jar) {
        Dropped deployed = copy(node, name, version, jar, true);
        Await.until(name + "@" + version + " is known on " + ClusterBehaviourCluster.name(node), ClusterBehaviourCluster.SEEN,
                () -> state(node, name, version));
        sync();
        return deployed;
    }

    /** Copies a jar into a node's deploy/, renamed into place so that FileInstall never reads half of it. */
    private Dropped copy(int node, String name, String version, Path jar, boolean accepted) {
        try {
            Path deploy = cluster.deploy(node);
            Path staged = deploy.resolveSibling(jar.getFileName() + ".part");
            Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
            Path file = Files.move(staged, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            Dropped deployed = new Dropped(node, name, version, file, accepted);
            dropped.add(deployed);
            return deployed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of a component of this node in its description (running, waiting, failed), or null. */
    private String state(int node, String name, String version) {
        String here = ClusterBehaviourCluster.name(node);
        for (JsonNode component : cluster.edge(node).description().path("components")) {
            if (component.path("name").asText().equals(name) && component.path("version").asText().equals(version)) {
                String state = component.path("state").asText();
                boolean local = !state.equals("running");
                for (JsonNode on : component.path("nodes")) {
                    local |= on.asText().equals(here);
                }
                if (local) {
                    return state;
                }
            }
        }
        return null;
    }

    /** Deletes the bundle from deploy/ (FileInstall uninstalls it) and waits until every node saw its component go. */
    @Override
    public void stop(int node, Deployed component) {
        Dropped deployed = (Dropped) component;
        try {
            Files.deleteIfExists(deployed.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropped.remove(deployed);
        Await.until(deployed.name() + "@" + deployed.version() + " left " + ClusterBehaviourCluster.name(node), ClusterBehaviourCluster.SEEN,
                () -> state(node, deployed.name(), deployed.version()) == null ? true : null);
        sync();
    }

    /**
     * The first half of a bundle update in place, as an operator does it: the bundle is stopped
     * (the operator's {@code stop}); the next {@link #start} of the same component on that node
     * updates it from the new jar and starts it.
     */
    @Override
    public void stopForUpdate(int node, Deployed component, String owner) {
        Dropped stopped = (Dropped) component;
        cluster.edge(node).operatorStep("stop", Map.of("file", stopped.file().getFileName().toString()));
        updates.add(new Update(owner, stopped, false));
        Await.until(stopped.name() + "@" + stopped.version() + " stopped on " + ClusterBehaviourCluster.name(node), ClusterBehaviourCluster.SEEN,
                () -> "running".equals(state(node, stopped.name(), stopped.version())) ? null : true);
        sync();
    }

    /** What the owner stopped and did not bring back is uninstalled (its file deleted), which closes its gap. */
    @Override
    public void returned(int node, String owner) {
        for (Update update : List.copyOf(updates)) {
            if (update.owner().equals(owner) && update.stopped().node() == node) {
                updates.remove(update);
                if (!update.cameBack()) {
                    uninstall(update.stopped());
                }
            }
        }
    }

    /** Instances from the descriptions, then component event subscriptions from the operator's reads. */
    @Override
    public void sync() {
        cluster.awaitAgreement();
        cluster.awaitSubscriptionsKnown();
    }

    /** A client's event subscription on a node: a WebSocket session of its own, logged in as the administrator. */
    Subscription clientSubscription(int node, String component, String pattern, String range, Consumer<EventEnvelope> handler) {
        WireClient client = WireClient.connect(cluster.httpPort(node));
        try {
            client.ok("login", WireClient.object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD));
            com.fasterxml.jackson.databind.node.ObjectNode request = WireClient.object().put("component", component).put("event", pattern);
            if (range != null) {
                request.putObject("options").put("range", range);
            }
            JsonNode answer = client.call("event.on", request);
            if (!answer.path("ok").asBoolean()) {
                throw new SwitchboardException(answer.path("error").path("code").asText(), answer.path("error").path("message").asText());
            }
            ClientSubscription subscription = new ClientSubscription(client, answer.path("result").path("subscription").asText(), handler);
            clients.add(subscription);
            return () -> {
                clients.remove(subscription);
                subscription.close();
            };
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Hands the clients' handlers every publication their sessions were sent so far: a request's
     * answer on a session comes after what the node wrote to it before, so an event that an emit's
     * acknowledgement counted is here once that request is answered.
     */
    private void catchUpClients() {
        clients.forEach(ClientSubscription::catchUp);
    }

    /** One client session with its event subscription. */
    private record ClientSubscription(WireClient client, String id, Consumer<EventEnvelope> handler) {

        synchronized void catchUp() {
            client.ok("describe", WireClient.object());
            while (client.publicationWithin(0)) {
                JsonNode event = client.publication().path("event");
                handler.accept(new EventEnvelope(event.path("component").asText(), event.path("version").asText(),
                        event.path("event").asText(), ClusterBehaviourHttp.JSON.convertValue(event.path("data"), Object.class),
                        Origin.anonymous(), 0));
            }
        }

        void close() {
            try {
                client.ok("event.off", WireClient.object().put("subscription", id));
            } finally {
                client.close();
            }
        }
    }

    @Override
    public <T> T inChain(Origin origin, int hops, Callable<T> work) {
        throw new UnsupportedOperationException("the test's code runs outside the runtimes: it cannot enter a chain there");
    }

    /**
     * What a test on real runtimes cannot do: share classes between caller and callee (each bundle
     * has its own), call as a client with a session id of its choosing, replace a node's security,
     * run its own code inside a chain, get an invalid declaration thrown (a deployed bundle's is a
     * failed component, with the reason in the description), emit an object that is not data
     * (what it emits reaches the node as JSON), read or set a suite component's static state (it
     * lives in the runtime), or take its steps within a 200 ms gap (each is HTTP requests away).
     */
    @Override
    public boolean can(Ability ability) {
        return false;
    }

    /** Deletes a stopped bundle's file and waits until FileInstall uninstalled it, so the same file can come again as a new bundle. */
    private void uninstall(Dropped stopped) {
        try {
            Files.deleteIfExists(stopped.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dropped.remove(stopped);
        String file = stopped.file().getFileName().toString();
        Await.until(file + " uninstalled from " + ClusterBehaviourCluster.name(stopped.node()), ClusterBehaviourCluster.SEEN,
                () -> cluster.edge(stopped.node()).operator("bundle?file=" + java.net.URLEncoder.encode(file, java.nio.charset.StandardCharsets.UTF_8))
                        .path("installed").asBoolean() ? null : true);
        sync();
    }

    /** Told of each change of a node's description: a WebSocket session of its own that watches it ({@code describe} with {@code watch}). */
    void watch(int node, Runnable listener) {
        WireClient client = WireClient.connect(cluster.httpPort(node));
        client.ok("login", WireClient.object().put("username", "admin").put("password", ClusterNodes.ADMIN_PASSWORD));
        client.ok("describe", WireClient.object().put("watch", true));
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (open.get()) {
                try {
                    if ("mesh.description".equals(client.publication().path("publication").asText())) {
                        listener.run();
                    }
                } catch (AssertionError | RuntimeException quietOrClosed) {
                    // nothing within 15 s, or the session closed with the fixture: go on until closed
                }
            }
        }, "suite-description-watch");
        reader.setDaemon(true);
        reader.start();
        watches.add(() -> {
            open.set(false);
            client.close();
        });
    }

    @Override
    public void close() {
        watches.forEach(Runnable::run);
        watches.clear();
        updates.clear();
        clients.forEach(ClientSubscription::close);
        clients.clear();
        cluster.handlers().clear();
        for (Dropped deployed : List.copyOf(dropped)) {
            try {
                Files.deleteIfExists(deployed.file());
            } catch (IOException e) {
                throw new SwitchboardException("suite.cleanup", "could not delete " + deployed.file() + ": " + e);
            }
        }
        dropped.clear();
    }
}
