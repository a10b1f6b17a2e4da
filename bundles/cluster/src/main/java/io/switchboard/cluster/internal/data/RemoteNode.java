package io.switchboard.cluster.internal.data;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.cluster.internal.call.CallTransport;
import io.switchboard.cluster.internal.call.NotSendable;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.data.DataEvent;
import io.switchboard.publisher.Delivery;
import io.switchboard.publisher.RemoteRecipient;

/**
 * Another node's data subscribers, as one recipient of this node's publisher: an event handed to
 * it is sent over the link to that node, which hands it to its own subscribers and answers with
 * their counts, reported to the publisher. Events are numbered in the order they are sent, so that
 * the other node can keep that order (see {@link Sequencer}); when a send fails, the numbering
 * starts again under a new epoch, so the other node does not wait for what will never come.
 */
final class RemoteNode implements RemoteRecipient {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteNode.class);

    private final String node;
    private final CallTransport transport;
    private long epoch;
    private long sequence;

    /** @param epoch where this node's numbering starts (the clock, so a restarted node starts above its earlier run) */
    RemoteNode(String node, CallTransport transport, long epoch) {
        this.node = node;
        this.transport = transport;
        this.epoch = epoch;
    }

    String node() {
        return node;
    }

    @Override
    public String session() {
        return null;
    }

    @Override
    public boolean deliver(DataEvent event, Delivery delivery) {
        byte[] body;
        try {
            body = DataCodec.eventBody(event);
        } catch (NotSendable e) {
            LOG.warn("a data event could not be sent to node {}: {}", node, e.getMessage());
            delivery.fail(e);
            return true;
        }
        Promise<Reply> reply;
        long sentEpoch;
        // numbered and written under one lock: the order of the numbers is the order on the link
        synchronized (this) {
            sentEpoch = epoch;
            reply = transport.call(node, DataCodec.event(epoch, sequence++, body));
        }
        reply.onResolve(() -> answered(reply, sentEpoch, delivery));
        return true;
    }

    private void answered(Promise<Reply> reply, long sentEpoch, Delivery delivery) {
        try {
            Throwable failure = reply.getFailure();
            if (failure != null) {
                restartNumbering(sentEpoch);
                delivery.fail(failure);
                return;
            }
            Reply answer = reply.getValue();
            if (answer.type() == Frames.RESULT) {
                delivery.report(DataCodec.readResults(answer.payload()));
            } else {
                delivery.fail(new IllegalStateException("node " + node + " did not take the data event: "
                        + new String(answer.payload(), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (NotSendable e) {
            delivery.fail(e);
        } catch (Exception e) {
            delivery.fail(e);
        }
    }

    /** The event was lost on the way: the next ones start a new epoch, which the other node does not wait across. */
    private synchronized void restartNumbering(long failedEpoch) {
        if (epoch == failedEpoch) {
            epoch++;
            sequence = 0;
        }
    }
}
