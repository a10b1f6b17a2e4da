package io.switchboard.cluster.internal.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.call.CallCodec;
import io.switchboard.cluster.internal.call.NotSendable;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Frames;
import io.switchboard.data.PublishResults;
import io.switchboard.publisher.LocalDelivery;

/**
 * The data payloads other nodes send here: their data events, handed to this node's subscribers
 * in each sender's order and answered with the counts; and their pattern lists, pushed when a
 * subscription there brings a new pattern, taken into routing at once.
 */
final class DataReceiver implements CallHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DataReceiver.class);
    /** How long events from one node wait for an earlier one that may have been lost on the way. */
    static final long GAP_MILLIS = 1_000;
    /** How many events from one node wait for an earlier one at most. */
    static final int MAX_WAITING = 10_000;

    private final LocalDelivery local;
    private final DataRoutes routes;
    private final ScheduledExecutorService timer;
    private final String self;
    private final Map<String, Sequencer> senders = new ConcurrentHashMap<>();

    DataReceiver(LocalDelivery local, DataRoutes routes, ScheduledExecutorService timer, String self) {
        this.local = local;
        this.routes = routes;
        this.timer = timer;
        this.self = self;
    }

    @Override
    public void handle(String fromNode, byte[] payload, Responder responder) {
        try {
            if (payload[0] == DataCodec.PATTERNS) {
                routes.offer(fromNode, DataCodec.readPatterns(payload));
                responder.answer(Frames.RESULT, DataCodec.results(PublishResults.NONE));
                return;
            }
            DataCodec.Incoming incoming = DataCodec.readEvent(payload);
            senders.computeIfAbsent(fromNode, node -> new Sequencer(timer, GAP_MILLIS, MAX_WAITING))
                    .arrived(incoming.epoch(), incoming.sequence(), () -> deliver(incoming, responder));
        } catch (NotSendable e) {
            LOG.warn("node {} sent {}", fromNode, e.getMessage());
            responder.answer(Frames.FAILURE, CallCodec.failure(new SwitchboardException(ClusterErrors.NOT_SENDABLE,
                    "node " + self + " could not read " + e.getMessage())));
        }
    }

    private void deliver(DataCodec.Incoming incoming, Responder responder) {
        Promise<PublishResults> results;
        try {
            results = local.deliver(incoming.event());
        } catch (RuntimeException e) {
            LOG.warn("handing a data event from another node to this node's subscribers failed", e);
            responder.answer(Frames.RESULT, DataCodec.results(new PublishResults(1, 0, 1, 0, 0)));
            return;
        }
        if (!results.isDone()) {
            responder.ack();
        }
        results.onResolve(() -> {
            try {
                Throwable failure = results.getFailure();
                responder.answer(Frames.RESULT, DataCodec.results(failure == null ? results.getValue() : new PublishResults(1, 0, 1, 0, 0)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.lang.reflect.InvocationTargetException e) {
                responder.answer(Frames.RESULT, DataCodec.results(new PublishResults(1, 0, 1, 0, 0)));
            }
        });
    }

    /** Forgets the numbering of the nodes that are not live members any more. */
    void retain(java.util.Set<String> live) {
        senders.keySet().retainAll(live);
    }
}
