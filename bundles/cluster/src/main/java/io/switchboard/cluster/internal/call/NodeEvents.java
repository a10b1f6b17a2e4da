package io.switchboard.cluster.internal.call;

import java.util.List;
import java.util.function.BiFunction;

import org.osgi.util.promise.Promise;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.mesh.EventCarrier;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;

/**
 * The events this node sends to one other node: one payload per emission with the subscriptions on
 * that node it is for, and each recipient's acknowledgement from the answer.
 *
 * <p>When the node left after the event was written (it may have run there), an {@code any}
 * recipient fails as {@link Instance#GONE}, so the mesh gives the event to another instance of the
 * group: delivery is at least once, and such an event can reach two instances (see the README). An
 * {@code all} recipient fails with {@link ClusterErrors#NODE_LEFT}.
 */
public final class NodeEvents implements EventCarrier {

    private final String node;
    private final BiFunction<String, byte[], Promise<Reply>> send;
    private final EventTraffic traffic;

    /** @param send sends an encoded event ({@link EventCodec}) to a node, failing as {@link CallTransport#call} does */
    public NodeEvents(String node, BiFunction<String, byte[], Promise<Reply>> send, EventTraffic traffic) {
        this.node = node;
        this.send = send;
        this.traffic = traffic;
    }

    public String node() {
        return node;
    }

    @Override
    public void carry(EventEnvelope event, List<Recipient> recipients) {
        byte[] payload;
        try {
            payload = EventCodec.event(event, recipients);
        } catch (NotSendable e) {
            failAll(recipients, new SwitchboardException(ClusterErrors.NOT_SENDABLE, "event " + event.name() + " to node " + node + ": "
                    + e.getMessage()));
            return;
        }
        if (payload.length > Frames.MAX_PAYLOAD_BYTES) {
            failAll(recipients, new SwitchboardException(ClusterErrors.NOT_SENDABLE, "event " + event.name() + " to node " + node
                    + ": larger than " + Frames.MAX_PAYLOAD_BYTES + " bytes"));
            return;
        }
        traffic.sent(recipients.size());
        Promise<Reply> reply = send.apply(node, payload);
        reply.onResolve(() -> settle(reply, recipients));
    }

    private void settle(Promise<Reply> reply, List<Recipient> recipients) {
        Throwable failure;
        Reply got = null;
        try {
            failure = reply.getFailure();
            if (failure == null) {
                got = reply.getValue();
            }
        } catch (Exception e) {
            failure = e;
        }
        if (failure != null) {
            boolean mayHaveRun = failure instanceof SwitchboardException coded && coded.code().equals(ClusterErrors.NODE_LEFT);
            for (Recipient recipient : recipients) {
                recipient.acknowledgement().failed(mayHaveRun && recipient.failover()
                        ? new SwitchboardException(Instance.GONE, failure.getMessage()) : failure);
            }
            return;
        }
        switch (got.type()) {
            case Frames.RESULT -> {
                SwitchboardException[] outcomes = EventCodec.outcomes(got.payload(), recipients.size(), node);
                for (int i = 0; i < outcomes.length; i++) {
                    if (outcomes[i] == null) {
                        recipients.get(i).acknowledgement().acknowledged();
                    } else {
                        recipients.get(i).acknowledgement().failed(outcomes[i]);
                    }
                }
            }
            case Frames.NOT_STARTED -> failAll(recipients, new SwitchboardException(Instance.GONE, CallCodec.notStartedMessage(got.payload())));
            default -> failAll(recipients, CallCodec.failure(got.payload(), node));
        }
    }

    private static void failAll(List<Recipient> recipients, Throwable failure) {
        recipients.forEach(recipient -> recipient.acknowledgement().failed(failure));
    }
}
