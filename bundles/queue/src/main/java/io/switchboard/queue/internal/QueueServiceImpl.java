package io.switchboard.queue.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.queue.OverflowPolicy;
import io.switchboard.queue.QueueService;
import io.switchboard.queue.QueueStats;
import io.switchboard.queue.WorkQueue;

/** The standard queues, sized from configuration PID {@code io.switchboard.queue} (for example {@code etc/io.switchboard.queue.cfg}). */
@Component(configurationPid = "io.switchboard.queue")
@Designate(ocd = QueueServiceImpl.Config.class)
public final class QueueServiceImpl implements QueueService {

    @ObjectClassDefinition(name = "Switchboard queues", description = "Capacity, threads and overflow policy of each queue")
    public @interface Config {
        @AttributeDefinition(description = "messages from clients waiting to be handled")
        int inbound_capacity() default 10_000;

        int inbound_threads() default 2;

        @AttributeDefinition(description = "REJECT answers the client with an error; DROP loses the message")
        OverflowPolicy inbound_overflow() default OverflowPolicy.REJECT;

        @AttributeDefinition(description = "frames waiting to be written to clients, all sessions together: a publication to every session takes one place each, so keep it above the sessions' maxSessions")
        int outbound_capacity() default 50_000;

        int outbound_threads() default 2;

        OverflowPolicy outbound_overflow() default OverflowPolicy.REJECT;

        int publication_capacity() default 50_000;

        int publication_threads() default 2;

        @AttributeDefinition(description = "DROP loses (and counts) publications under overload rather than slowing writers")
        OverflowPolicy publication_overflow() default OverflowPolicy.DROP;

        @AttributeDefinition(description = "sessions' cleanups (their subscriptions and the like) waiting after their end; when full, a cleanup runs on the thread that ended its session")
        int system_capacity() default 1_000;

        int system_threads() default 1;

        OverflowPolicy system_overflow() default OverflowPolicy.REJECT;

        @AttributeDefinition(description = "how long stopping waits for queued tasks, in milliseconds")
        long shutdown_timeout() default 5_000;
    }

    private final Map<String, BoundedQueue> queues = new LinkedHashMap<>();
    private final long shutdownTimeout;

    @Activate
    public QueueServiceImpl(Config config) {
        queues.put(INBOUND, new BoundedQueue(INBOUND, config.inbound_capacity(), config.inbound_threads(), config.inbound_overflow()));
        queues.put(OUTBOUND, new BoundedQueue(OUTBOUND, config.outbound_capacity(), config.outbound_threads(), config.outbound_overflow()));
        queues.put(PUBLICATION, new BoundedQueue(PUBLICATION, config.publication_capacity(), config.publication_threads(),
                config.publication_overflow()));
        queues.put(SYSTEM, new BoundedQueue(SYSTEM, config.system_capacity(), config.system_threads(), config.system_overflow()));
        shutdownTimeout = config.shutdown_timeout();
    }

    @Override
    public WorkQueue queue(String name) {
        WorkQueue queue = queues.get(name);
        if (queue == null) {
            throw new SwitchboardException("queue.unknown", "no queue named '" + name + "'; the queues are " + queues.keySet());
        }
        return queue;
    }

    @Override
    public List<QueueStats> stats() {
        return queues.values().stream().map(BoundedQueue::stats).toList();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        for (BoundedQueue queue : queues.values()) {
            queue.shutdown(shutdownTimeout);
        }
    }
}
