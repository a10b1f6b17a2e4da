package io.switchboard.session.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.protocol.ProtocolPlugin;
import io.switchboard.queue.QueueFullException;
import io.switchboard.queue.QueueService;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Connection;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;
import io.switchboard.session.SessionEndpoint;
import io.switchboard.session.SessionManager;
import io.switchboard.session.SessionRefusedException;
import io.switchboard.stats.Stats;
import io.switchboard.system.log.RateLimitedLog;

/** Keeps the open sessions, the protocol plugins, the pipeline, and the heartbeat timer. */
@Component(configurationPid = "io.switchboard.session")
@Designate(ocd = SessionManagerImpl.Config.class)
public final class SessionManagerImpl implements SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(SessionManagerImpl.class);
    /** Refusals come in floods when the server is full: a few lines a second say so. */
    private static final RateLimitedLog REFUSALS = new RateLimitedLog(LoggerFactory.getLogger("io.switchboard.session"), 5, Duration.ofSeconds(1));
    static final String DEFAULT_PROTOCOL = "switchboard.v1";

    /** What to do when a client does not read its publications fast enough. */
    public enum SlowConsumerPolicy { DISCONNECT, DROP_PUBLICATIONS }

    @ObjectClassDefinition(name = "Switchboard sessions")
    public @interface Config {
        @AttributeDefinition(description = "milliseconds between heartbeats to each client")
        long heartbeat_interval() default 10_000;

        @AttributeDefinition(description = "unanswered heartbeats that end a session")
        int heartbeat_missed() default 3;

        @AttributeDefinition(description = "milliseconds a new connection has to send its handshake")
        long handshake_timeout() default 10_000;

        @AttributeDefinition(description = "bytes that may wait unsent to one client before the slow-consumer policy applies")
        long outbound_max_bytes() default 4L * 1024 * 1024;

        SlowConsumerPolicy slow_consumer() default SlowConsumerPolicy.DISCONNECT;

        @AttributeDefinition(description = "requests per second one session may send on average (0: no limit); more are answered with session.rate-limited")
        int rate_limit() default 5_000;

        @AttributeDefinition(description = "requests one session may send at once above the average")
        int rate_burst() default 10_000;

        @AttributeDefinition(description = "true: a session's request runs on the thread that read it while the session has nothing queued and its handler says it does not block (no thread hand-off); false: always on the inbound queue's threads")
        boolean dispatch_direct() default true;

        @AttributeDefinition(description = "sessions open at once, at most (0: no limit of its own); lowered to the open-file limit less 1024; one more connection is closed with 1013 (try again later)")
        int maxSessions() default 20_000;
    }

    private final Map<String, ProtocolPlugin> protocols = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final Pipeline pipeline = new Pipeline();
    private final SecureRandom random = new SecureRandom();
    private final QueueService queues;
    private final SessionSettings settings;
    private final ScheduledExecutorService timer;
    private final boolean direct;
    private final SessionLimit limit;
    private volatile SessionMeters meters = SessionMeters.NONE;

    @Activate
    public SessionManagerImpl(@Reference QueueService queues, Config config) {
        this.queues = queues;
        this.settings = SessionSettings.from(config);
        this.direct = config.dispatch_direct();
        long openFiles = SessionLimit.openFileLimit();
        this.limit = new SessionLimit(SessionLimit.effective(config.maxSessions(), openFiles));
        if (limit.max() < config.maxSessions() || (config.maxSessions() <= 0 && openFiles > 0)) {
            LOG.warn("maxSessions {} is lowered to {}: the process may open {} files (ulimit -n), {} of them kept for other uses",
                    config.maxSessions(), limit.max(), openFiles, SessionLimit.reserve(openFiles));
        }
        int outboundCapacity = queues.queue(QueueService.OUTBOUND).stats().capacity();
        if (!SessionLimit.broadcastFits(outboundCapacity, limit.max())) {
            LOG.warn("the outbound queue holds {} frames and {} sessions may be open: a publication to all of them would be dropped "
                    + "for some; raise outbound.capacity (io.switchboard.queue)", outboundCapacity, limit.max());
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-session-timer");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(10, Math.min(1_000, Math.min(settings.heartbeatMillis(), settings.handshakeMillis()) / 2));
        timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        for (ClientSession session : new ArrayList<>(sessions.values())) {
            session.close(1001, "the server is stopping");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProtocol(ProtocolPlugin plugin) {
        protocols.put(plugin.subprotocol(), plugin);
    }

    void removeProtocol(ProtocolPlugin plugin) {
        protocols.remove(plugin.subprotocol(), plugin);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(ActionHandler handler, Map<String, Object> properties) {
        List<String> taken = pipeline.addHandler(handler, stringsOf(properties.get(ActionHandler.ACTION)));
        if (!taken.isEmpty()) {
            LOG.warn("{} also handles {}, which another handler already has; the first one keeps them", handler.getClass().getName(), taken);
        }
    }

    void removeHandler(ActionHandler handler) {
        pipeline.removeHandler(handler);
    }

    /**
     * The authorizer every request needs (the security feature's, or the insecure mode's permit-all
     * one): the highest ranked, replaced at once when a better one comes; none means nothing runs.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAuthorizer(Authorizer authorizer) {
        pipeline.authorizer(authorizer);
    }

    void unbindAuthorizer(Authorizer authorizer) {
        pipeline.authorizerGone(authorizer);
    }

    /** The stats service, when it runs: sessions count frames, bytes and errors per protocol into it (docs/metrics.md). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindStats(Stats stats) {
        SessionMeters previous = meters;
        meters = new SessionMeters(stats, sessions::values);
        previous.close();
    }

    void unbindStats(Stats stats) {
        SessionMeters current = meters;
        // A better service bound first (greedy) leaves the new meters in place.
        if (current.stats() == stats) {
            meters = SessionMeters.NONE;
            current.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addLayer(Layer layer, Map<String, Object> properties) {
        Object order = properties.get(Layer.ORDER);
        pipeline.addLayer(layer, order instanceof Number number ? number.intValue() : order == null ? 0 : Integer.parseInt(order.toString()));
    }

    void removeLayer(Layer layer) {
        pipeline.removeLayer(layer);
    }

    @Override
    public Optional<String> chooseProtocol(List<String> offered) {
        if (offered == null || offered.isEmpty()) {
            return protocols.containsKey(DEFAULT_PROTOCOL) ? Optional.of(DEFAULT_PROTOCOL) : Optional.empty();
        }
        return offered.stream().filter(protocols::containsKey).findFirst();
    }

    @Override
    public SessionEndpoint open(Connection connection, String protocol) {
        ProtocolPlugin plugin = protocols.get(protocol);
        if (plugin == null) {
            throw new IllegalArgumentException("no protocol plugin serves '" + protocol + "'");
        }
        if (!limit.take()) {
            REFUSALS.warn("session.refused", "session.refused remote={}: {} sessions are open, the most this server takes (maxSessions)",
                    connection.remoteAddress(), limit.max());
            throw new SessionRefusedException(Session.CLOSE_TRY_AGAIN_LATER,
                    "the server has " + limit.max() + " sessions open, its limit; try again later");
        }
        String id = newId();
        try {
            ClientSession session = new ClientSession(id, connection, plugin, pipeline, settings,
                    queues.queue(QueueService.INBOUND).lane(direct, null), afterRun -> queues.queue(QueueService.OUTBOUND).lane(direct, afterRun),
                    () -> ended(id), () -> meters, this::cleanUp);
            sessions.put(id, session);
            return session;
        } catch (RuntimeException e) {
            limit.release();
            throw e;
        }
    }

    /** A session ended (once): it leaves the open sessions and gives its place back. */
    private void ended(String id) {
        sessions.remove(id);
        limit.release();
    }

    /**
     * A session's cleanup after its end (its close hooks) runs on the {@code system} queue, so that
     * the thread that ended it (the transport's reader, the heartbeat timer that serves every
     * session) goes on at once. A full system queue leaves it to the calling thread: a cleanup is
     * never lost, it only loses its hand-off (counted as the queue's refusal).
     */
    private void cleanUp(Runnable cleanup) {
        try {
            if (queues.queue(QueueService.SYSTEM).submit(cleanup)) {
                return;
            }
        } catch (QueueFullException | RejectedExecutionException full) {
            // full, or stopping with the runtime: on this thread, below
        }
        cleanup.run();
    }

    @Override
    public List<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    private void tick() {
        long now = System.nanoTime();
        for (ClientSession session : sessions.values()) {
            try {
                session.tick(now);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat of session {} failed", session.id(), e);
            }
        }
    }

    /** Session ids are unguessable: they may later stand for a login. */
    private String newId() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<String> stringsOf(Object value) {
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof String[] many) {
            return List.of(many);
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
