package io.switchboard.queue;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's queues, configured under PID {@code io.switchboard.queue}. The standard queues
 * always exist, each with the work it carries: {@link #INBOUND} (clients' requests, on each
 * session's lane), {@link #OUTBOUND} (answers and publications written to clients, on each
 * session's lane), {@link #PUBLICATION} (events fanned out to subscribers, on the publisher's lanes)
 * and {@link #SYSTEM} (the cleanup after a session ends: its subscriptions and the like).
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
