package io.switchboard.bus.internal.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.spi.BusDriver;
import io.switchboard.bus.spi.TopicQueue;
import io.switchboard.system.health.HealthStatus;

/** The {@code memory} driver: topics in this JVM's heap, gone when it stops. */
@Component(service = BusDriver.class, property = BusDriver.NAME + "=" + MemoryDriver.NAME)
public final class MemoryDriver implements BusDriver {

    public static final String NAME = "memory";

    private final Map<String, MemoryQueue> queues = new ConcurrentHashMap<>();

    @Override
    public TopicQueue open(String topic, TopicSettings settings) {
        MemoryQueue queue = queues.computeIfAbsent(topic, name -> new MemoryQueue(settings));
        queue.configure(settings);
        return queue;
    }

    @Override
    public void delete(String topic) {
        MemoryQueue queue = queues.remove(topic);
        if (queue != null) {
            queue.close();
        }
    }

    @Override
    public HealthStatus health() {
        return HealthStatus.up();
    }
}
