package io.switchboard.bus.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.Delivery;

/**
 * Messages as JSON, written straight from their stored bytes: {@code {"id", "payload", "priority",
 * "deliveries", "publishedAt", "topic", "group"}} and, when they have them, {@code "key"},
 * {@code "reply": true} and {@code "headers"}; a dead letter adds {@code "reason"}, {@code "deadAt"} and, when its last failed attempt told them
 * (a webhook's), {@code "lastStatus"} and {@code "lastError"}.
 */
public final class DeliveryJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private DeliveryJson() {
    }

    /** {@code {"messages": [...]}} */
    public static byte[] messages(List<Delivery> deliveries) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("messages");
            for (Delivery delivery : deliveries) {
                delivery(json, delivery, null);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    public static byte[] deadLetters(List<DeadLetter> letters) {
        return write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("messages");
            for (DeadLetter letter : letters) {
                delivery(json, letter.message(), letter);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    public static byte[] deadLetter(DeadLetter letter) {
        return write(json -> delivery(json, letter.message(), letter));
    }

    /** One message alone, as an SSE event's data or a WebSocket publication carries it. */
    public static byte[] delivery(Delivery delivery) {
        return write(json -> delivery(json, delivery, null));
    }

    /**
     * A lease's messages as Server-Sent Events, {@code id: <id>\nevent: message\ndata: <the message>\n\n}
     * each, written by one generator into {@code out} (the data is compact JSON: no line break inside).
     */
    public static void events(ByteArrayOutputStream out, List<Delivery> deliveries) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.setRootValueSeparator(null); // the events' own lines separate the messages
            for (Delivery delivery : deliveries) {
                json.writeRaw("id: ");
                json.writeRaw(delivery.id()); // a topic name, '~' and a number: nothing to escape
                json.writeRaw("\nevent: message\ndata: ");
                delivery(json, delivery, null);
                json.writeRaw("\n\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delivery(JsonGenerator json, Delivery delivery, DeadLetter dead) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", delivery.id());
        json.writeFieldName("payload");
        json.writeRawValue(new RawJson(delivery.payload()));
        json.writeNumberField("priority", delivery.priority());
        json.writeNumberField("deliveries", delivery.deliveries());
        json.writeNumberField("publishedAt", delivery.publishedAt());
        json.writeStringField("topic", delivery.topic());
        json.writeStringField("group", delivery.group());
        if (delivery.key() != null) {
            json.writeStringField("key", delivery.key());
        }
        if (delivery.reply()) {
            json.writeBooleanField("reply", true);
        }
        if (!delivery.headers().isEmpty()) {
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : new TreeMap<>(delivery.headers()).entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
        }
        if (dead != null) {
            json.writeStringField("reason", dead.reason());
            json.writeNumberField("deadAt", dead.deadAt());
            if (dead.lastStatus() > 0) {
                json.writeNumberField("lastStatus", dead.lastStatus());
            }
            if (dead.lastError() != null) {
                json.writeStringField("lastError", dead.lastError());
            }
        }
        json.writeEndObject();
    }

    private interface Writing {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writing.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
