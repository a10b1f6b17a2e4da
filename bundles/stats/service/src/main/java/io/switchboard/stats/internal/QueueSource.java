package io.switchboard.stats.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.queue.QueueService;
import io.switchboard.queue.QueueStats;

/** The runtime's named queues (inbound, outbound, publication, system …): depth, throughput, drops. */
@Component(service = Source.class)
public final class QueueSource implements Source {

    private final QueueService queues;

    @Activate
    public QueueSource(@Reference QueueService queues) {
        this.queues = queues;
    }

    @Override
    public void read(Readings readings) {
        QueueService service = queues;
        for (QueueStats queue : service.stats()) {
            String name = queue.name();
            readings.gauge("switchboard.queue.depth", "tasks waiting or running in the queue", queue.depth(), "queue", name);
            readings.gauge("switchboard.queue.capacity", "the most tasks the queue holds before its overflow policy applies", queue.capacity(), "queue", name);
            readings.counter("switchboard.queue.tasks.completed", "tasks the queue ran", queue.completed(), "queue", name);
            readings.counter("switchboard.queue.tasks.failed", "tasks of the queue that threw", queue.failed(), "queue", name);
            readings.counter("switchboard.queue.tasks.dropped", "tasks the queue dropped when full (policy DROP)", queue.dropped(), "queue", name);
            readings.counter("switchboard.queue.tasks.rejected", "tasks the queue refused when full (policy REJECT)", queue.rejected(), "queue", name);
        }
    }
}
