package io.switchboard.mesh.internal.event;

import java.util.concurrent.atomic.AtomicBoolean;

import io.switchboard.api.mesh.EventHandler;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.internal.work.CallContext;
import io.switchboard.mesh.internal.work.Drain;

/** One event for one handler: runs it in the event's context and acknowledges (or fails) once. */
public final class DeliveryJob implements Runnable {

    private final EventHandler handler;
    private final ReceivedEvent event;
    private final Acknowledgement ack;
    private final boolean failover;
    private final Drain drain;
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicBoolean overdue = new AtomicBoolean();

    public DeliveryJob(EventHandler handler, ReceivedEvent event, Acknowledgement ack, boolean failover, Drain drain) {
        this.handler = handler;
        this.event = event;
        this.ack = ack;
        this.failover = failover;
        this.drain = drain;
    }

    @Override
    public void run() {
        if (settled.get()) {
            return;
        }
        CallContext previous = CallContext.enter(new CallContext(event.origin(), event.hops() + 1));
        try {
            handler.handle(event);
            settle(null);
        } catch (Throwable e) {
            settle(e);
        } finally {
            CallContext.restore(previous);
        }
    }

    /** May another instance take this event instead (an {@code any} delivery)? */
    public boolean failover() {
        return failover;
    }

    public ReceivedEvent event() {
        return event;
    }

    /** @return true the first time only: the job is reported as overdue once */
    public boolean markOverdue() {
        return overdue.compareAndSet(false, true);
    }

    /** Acknowledges (failure null) or fails the delivery, once; later outcomes are ignored. */
    public void settle(Throwable failure) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        try {
            if (failure == null) {
                ack.acknowledged();
            } else {
                ack.failed(failure);
            }
        } finally {
            drain.exit();
        }
    }
}
