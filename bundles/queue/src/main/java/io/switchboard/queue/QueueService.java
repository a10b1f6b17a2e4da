package io.switchboard.queue;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's queues, configured under PID {@code io.switchboard.queue}. The standard queues
 * always exist: {@link #INBOUND} (messages from clients), {@link #OUTBOUND} (responses to clients),
 * {@link #PUBLICATION} (events fanned out to subscribers) and {@link #SYSTEM} (the runtime's own
 * housekeeping).
 */
@ProviderType
public interface QueueService {

    String INBOUND = "inbound";
    String OUTBOUND = "outbound";
    String PUBLICATION = "publication";
    String SYSTEM = "system";

    /** The queue of that name. */
    WorkQueue queue(String name);

    /** Every queue's numbers, in a stable order. */
    List<QueueStats> stats();
}
