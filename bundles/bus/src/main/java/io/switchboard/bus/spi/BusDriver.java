package io.switchboard.bus.spi;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.bus.TopicSettings;
import io.switchboard.system.health.HealthStatus;

/** One persistence driver of the bus. */
@ConsumerType
public interface BusDriver {

    /** The service property naming the driver, as topics name it: {@code memory}, {@code file}, {@code redis}. */
    String NAME = "bus.driver";

    /** Opens a topic's queue, making it when it does not exist, with the topic's settings. */
    TopicQueue open(String topic, TopicSettings settings);

    /** Removes everything a topic holds on this driver. */
    void delete(String topic);

    /** Whether the driver can serve now (its server reachable, its file open), quickly and without blocking. */
    HealthStatus health();
}
