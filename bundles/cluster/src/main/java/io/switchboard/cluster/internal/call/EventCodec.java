package io.switchboard.cluster.internal.call;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.cluster.ClusterErrors;
import io.switchboard.cluster.internal.call.CallCodec.WireOrigin;
import io.switchboard.mesh.EventCarrier;
import io.switchboard.mesh.EventEnvelope;

/**
 * Events as they cross between nodes: one payload per node, naming the subscriptions on that node
 * it is for, and the outcome of each in the answer. JSON, like calls.
 *
 * <pre>
 * event     {"c": emitter, "v": version, "n": event name, "p": payload, "o": origin, "h": hops, "r": [{"s": subscription id, "f": failover}]}
 * outcomes  [null (acknowledged) | {"code", "message"} (failed), ...]   one per recipient, in order
 * </pre>
 */
public final class EventCodec {

    private static final ObjectWriter WIRE_EVENT = CallCodec.JSON.writerFor(WireEvent.class);
    private static final ObjectReader READ_EVENT = CallCodec.JSON.readerFor(WireEvent.class);
    private static final ObjectReader READ_OUTCOMES = CallCodec.JSON.readerFor(WireOutcome[].class);

    record WireRecipient(String s, boolean f) {
    }

    record WireEvent(String c, String v, String n, Object p, WireOrigin o, int h, List<WireRecipient> r) {
    }

    record WireOutcome(String code, String message) {
    }

    /** An event as the receiving node reads it: the envelope, and each recipient with whether it may fail over. */
    public record Received(EventEnvelope event, List<String> subscriptions, List<Boolean> failover) {
    }

    private EventCodec() {
    }

    /** @throws NotSendable when the payload is not data */
    public static byte[] event(EventEnvelope event, List<EventCarrier.Recipient> recipients) throws NotSendable {
        List<WireRecipient> wire = new ArrayList<>(recipients.size());
        recipients.forEach(recipient -> wire.add(new WireRecipient(recipient.subscriptionId(), recipient.failover())));
        try {
            return WIRE_EVENT.writeValueAsBytes(new WireEvent(event.component(), event.version(), event.name(), event.payload(),
                    WireOrigin.of(event.origin()), event.hops(), wire));
        } catch (JsonProcessingException e) {
            throw new NotSendable("the event's payload is not plain data");
        }
    }

    /** @throws NotSendable when the bytes are not an event */
    public static Received event(byte[] payload) throws NotSendable {
        try {
            WireEvent wire = READ_EVENT.readValue(payload);
            if (wire.c() == null || wire.v() == null || wire.n() == null || wire.o() == null || wire.r() == null || wire.r().isEmpty()) {
                throw new NotSendable("an event without emitter, version, name, origin or recipients");
            }
            List<String> ids = new ArrayList<>(wire.r().size());
            List<Boolean> failover = new ArrayList<>(wire.r().size());
            for (WireRecipient recipient : wire.r()) {
                if (recipient == null || recipient.s() == null) {
                    throw new NotSendable("an event for a recipient without a subscription id");
                }
                ids.add(recipient.s());
                failover.add(recipient.f());
            }
            // every recipient on this node shares the payload: none may change what the next one reads
            EventEnvelope event = new EventEnvelope(wire.c(), wire.v(), wire.n(), freeze(wire.p()), CallCodec.origin(wire.o()), wire.h());
            return new Received(event, List.copyOf(ids), List.copyOf(failover));
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new NotSendable("an event that cannot be read");
        }
    }

    /** The answer: each recipient's outcome, null when its handler acknowledged. */
    public static byte[] outcomes(Throwable[] failures) {
        WireOutcome[] wire = new WireOutcome[failures.length];
        for (int i = 0; i < failures.length; i++) {
            Throwable failure = failures[i];
            if (failure != null) {
                wire[i] = failure instanceof SwitchboardException coded ? new WireOutcome(coded.code(), coded.getMessage())
                        : new WireOutcome(MeshErrors.CALLEE_FAILED, "the handler failed");
            }
        }
        try {
            return CallCodec.JSON.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event outcomes could not be written", e);
        }
    }

    /**
     * Each recipient's outcome as the emitter's node raises it: null when acknowledged.
     *
     * @param node the node that answered
     */
    public static SwitchboardException[] outcomes(byte[] payload, int recipients, String node) {
        SwitchboardException[] failures = new SwitchboardException[recipients];
        WireOutcome[] wire;
        try {
            wire = READ_OUTCOMES.readValue(payload);
        } catch (IOException e) {
            wire = null;
        }
        if (wire == null || wire.length != recipients) {
            java.util.Arrays.fill(failures, new SwitchboardException(ClusterErrors.NOT_SENDABLE, "node " + node
                    + " answered an event with outcomes that cannot be read"));
            return failures;
        }
        for (int i = 0; i < recipients; i++) {
            WireOutcome outcome = wire[i];
            if (outcome != null) {
                String code = outcome.code() != null && CallCodec.validCode(outcome.code()) ? outcome.code() : MeshErrors.CALLEE_FAILED;
                failures[i] = new SwitchboardException(code, (outcome.message() == null ? "the handler failed" : outcome.message())
                        + " (on node " + node + ")");
            }
        }
        return failures;
    }

    private static Object freeze(Object data) {
        if (data instanceof Map<?, ?> map) {
            Map<String, Object> frozen = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((key, inner) -> frozen.put(String.valueOf(key), freeze(inner)));
            return Collections.unmodifiableMap(frozen);
        }
        if (data instanceof List<?> list) {
            List<Object> frozen = new ArrayList<>(list.size());
            list.forEach(inner -> frozen.add(freeze(inner)));
            return Collections.unmodifiableList(frozen);
        }
        return data;
    }
}
