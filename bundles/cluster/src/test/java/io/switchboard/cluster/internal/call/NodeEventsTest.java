package io.switchboard.cluster.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.Subscription;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.link.CallHandler;
import io.switchboard.cluster.internal.link.Reply;
import io.switchboard.mesh.Acknowledgement;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.EventCarrier.Recipient;
import io.switchboard.mesh.EventEnvelope;
import io.switchboard.mesh.Instance;
import io.switchboard.mesh.Mesh;

/** An event from node "a" to subscriptions on node "b": one payload there, each recipient's outcome back. */
class NodeEventsTest {

    private final PromiseFactory promises = new PromiseFactory(PromiseFactory.inlineExecutor());
    private final ReceivingMesh meshB = new ReceivingMesh();
    private final EventServer serverB = new EventServer(meshB, "b", new EventTraffic());
    private final List<byte[]> payloads = new ArrayList<>();
    /** What the link does: the payload reaches b's event server, and its answer comes back. */
    private final NodeEvents toB = new NodeEvents("b", (node, payload) -> {
        payloads.add(payload);
        Deferred<Reply> reply = promises.deferred();
        serverB.handle("a", payload, new CallHandler.Responder() {
            @Override
            public void ack() {
            }

            @Override
            public void answer(byte type, byte[] answer) {
                reply.resolve(new Reply(type, answer));
            }
        });
        return reply.getPromise();
    }, new EventTraffic());

    @Test
    void onePayloadCarriesTheEventToEveryRecipientAndBringsBackEachOutcome() {
        meshB.handlers.put("ok", event -> null);
        meshB.handlers.put("fails", event -> new SwitchboardException("shop.out-of-stock", "no more"));
        Outcome ok = new Outcome();
        Outcome fails = new Outcome();
        Outcome gone = new Outcome();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("device", "d-1");
        payload.put("level", 3);

        toB.carry(new EventEnvelope("sensor", "1.0.0", "alerts/high", payload, Origin.user("ann", "s-1"), 2),
                List.of(new Recipient("ok", false, ok), new Recipient("fails", true, fails), new Recipient("nobody", true, gone)));

        assertEquals(1, payloads.size(), "one payload for three recipients");
        assertTrue(ok.acknowledged);
        assertEquals("shop.out-of-stock", fails.code());
        assertTrue(fails.failure.getMessage().endsWith("(on node b)"), fails.failure.getMessage());
        assertEquals(Instance.GONE, gone.code(), "a subscription no longer there: the emitter's node tries another instance");
        EventEnvelope received = meshB.received.get(0);
        assertEquals(List.of("sensor", "1.0.0", "alerts/high", payload, Origin.user("ann", "s-1"), 2), List.of(received.component(),
                received.version(), received.name(), received.payload(), received.origin(), received.hops()));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) received.payload()).put("x", 1),
                "recipients share the payload: none can change it");
    }

    @Test
    void aDrainingNodeTakesNoEventAndAnyEventsGoElsewhere() {
        serverB.stopAccepting();
        Outcome any = new Outcome();
        toB.carry(new EventEnvelope("sensor", "1.0.0", "tick", 1, Origin.system(), 0), List.of(new Recipient("ok", true, any)));
        assertEquals(Instance.GONE, any.code());
        assertEquals(List.of(), meshB.received);
    }

    @Test
    void aNodeThatLeftAfterTheEventWasSentFailsAllButLetsAnyGoElsewhere() {
        NodeEvents toGone = new NodeEvents("c", (node, payload) -> promises.failed(new SwitchboardException(ClusterErrors.NODE_LEFT,
                "node c left the cluster after the call was sent; it may or may not have run")), new EventTraffic());
        Outcome all = new Outcome();
        Outcome any = new Outcome();
        toGone.carry(new EventEnvelope("sensor", "1.0.0", "tick", 1, Origin.system(), 0),
                List.of(new Recipient("s-all", false, all), new Recipient("s-any", true, any)));
        assertEquals(ClusterErrors.NODE_LEFT, all.code());
        assertEquals(Instance.GONE, any.code(), "at least once: the event goes to another instance, and may have run on c");
    }

    @Test
    void aPayloadThatIsNotDataIsRefusedBeforeItIsSent() {
        Outcome outcome = new Outcome();
        toB.carry(new EventEnvelope("sensor", "1.0.0", "tick", new Object(), Origin.system(), 0), List.of(new Recipient("ok", true, outcome)));
        assertEquals(ClusterErrors.NOT_SENDABLE, outcome.code());
        assertEquals(List.of(), payloads);
    }

    @Test
    void aForgedEventIsRefusedWithACode() {
        List<String> answers = new ArrayList<>();
        serverB.handle("a", "{\"c\":\"sensor\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), new CallHandler.Responder() {
            @Override
            public void ack() {
            }

            @Override
            public void answer(byte type, byte[] payload) {
                answers.add(type + " " + new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        assertEquals(1, answers.size());
        assertTrue(answers.get(0).contains(ClusterErrors.NOT_SENDABLE), answers.get(0));
        assertEquals(List.of(), meshB.received);
    }

    /** One recipient's acknowledgement, as the emitter's mesh sees it. */
    private static final class Outcome implements Acknowledgement {
        boolean acknowledged;
        Throwable failure;

        @Override
        public void acknowledged() {
            acknowledged = true;
        }

        @Override
        public void failed(Throwable failure) {
            this.failure = failure;
        }

        String code() {
            assertNull(acknowledged ? "acknowledged" : null);
            return ((SwitchboardException) failure).code();
        }
    }

    /** Node b's mesh: its subscriptions, by id, and what their handlers answer (null: acknowledged). */
    private static final class ReceivingMesh implements Mesh {
        final Map<String, java.util.function.Function<EventEnvelope, Throwable>> handlers = new LinkedHashMap<>();
        final List<EventEnvelope> received = new ArrayList<>();

        @Override
        public void deliver(String subscriptionId, EventEnvelope event, boolean failover, Acknowledgement acknowledgement) {
            var handler = handlers.get(subscriptionId);
            if (handler == null) {
                acknowledgement.failed(new SwitchboardException(Instance.GONE, "not here"));
                return;
            }
            received.add(event);
            Throwable failure = handler.apply(event);
            if (failure == null) {
                acknowledgement.acknowledged();
            } else {
                acknowledgement.failed(failure);
            }
        }

        @Override
        public List<ComponentDescription> describe() {
            return List.of();
        }

        @Override
        public Promise<Object> call(Origin origin, String component, String method, List<?> args, CallOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Subscription subscribe(Origin origin, String component, String eventPattern, String range, Consumer<EventEnvelope> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(Instance instance) {
        }

        @Override
        public void remove(Instance instance) {
        }
    }
}
