package io.switchboard.cluster.internal.call;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.CallHandler.Responder;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.Mesh;

/**
 * Hands the events other nodes send to this node's subscriptions, through the mesh, and answers
 * each payload once every recipient's handler acknowledged or failed. It runs on the link's reader
 * and only hands events to the instances' mailboxes, so events keep the order they arrived in.
 * While this node drains, events are answered "not started": {@code any} events go to another node.
 */
public final class EventServer {

    private static final Logger LOG = LoggerFactory.getLogger(EventServer.class);

    private final Mesh mesh;
    private final String self;
    private final EventTraffic traffic;
    private volatile boolean accepting = true;

    public EventServer(Mesh mesh, String self, EventTraffic traffic) {
        this.mesh = mesh;
        this.self = self;
        this.traffic = traffic;
    }

    public void handle(String fromNode, byte[] payload, Responder responder) {
        EventCodec.Received received;
        try {
            received = EventCodec.event(payload);
        } catch (NotSendable e) {
            LOG.warn("node {} sent {}", fromNode, e.getMessage());
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(ClusterErrors.NOT_SENDABLE,
                    "node " + self + " could not read the event: " + e.getMessage())));
            return;
        }
        if (!accepting) {
            responder.answer(Frames.NOT_STARTED, CallCodec.notStarted("node " + self + " is draining"));
            return;
        }
        List<String> subscriptions = received.subscriptions();
        traffic.received(subscriptions.size());
        Throwable[] outcomes = new Throwable[subscriptions.size()];
        AtomicInteger left = new AtomicInteger(subscriptions.size());
        for (int i = 0; i < subscriptions.size(); i++) {
            int index = i;
            mesh.deliver(subscriptions.get(i), received.event(), received.failover().get(i), new Acknowledgement() {
                @Override
                public void acknowledged() {
                    settled();
                }

                @Override
                public void failed(Throwable failure) {
                    outcomes[index] = failure;
                    settled();
                }

                private void settled() {
                    // the last one answers; the decrement orders the writes of the others before the read
                    if (left.decrementAndGet() == 0) {
                        responder.answer(Frames.RESULT, EventCodec.outcomes(outcomes));
                    }
                }
            });
        }
        if (left.get() > 0) {
            responder.ack();
        }
    }

    /** Stops taking events (they are answered "not started"); those handed on already finish. */
    public void stopAccepting() {
        accepting = false;
    }
}
