package io.switchboard.queue;

import io.switchboard.api.errors.SwitchboardException;

/** A task was refused because its queue is at capacity and the queue's policy is {@link OverflowPolicy#REJECT}. */
public final class QueueFullException extends SwitchboardException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String queue, int capacity) {
        super("queue.full", "the " + queue + " queue is full (" + capacity + " tasks waiting); try again later");
    }
}
