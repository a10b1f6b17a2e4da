package io.switchboard.protocol.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.ProtocolPlugin;
import io.switchboard.protocol.Request;
import io.switchboard.system.json.JsonLimits;

/**
 * Protocol {@code switchboard/1}: one JSON object per text frame (docs/protocol.md).
 *
 * <p>A request is {@code {"id": …, "action": "…", …fields}}; an answer is
 * {@code {"id": …, "ok": true, "result": …}} or {@code {"id": …, "ok": false, "error": {"code", "message"}}};
 * a publication is {@code {"publication": "<channel>", "event": …}}.
 *
 * <p>Frames are read through {@link JsonLimits} (depth, string and number length, exactly one
 * value) in one pass of the streaming parser ({@link RequestReader}), and written with its generators, which refuse to nest deeper than a client may send: a
 * message that cannot be written is answered with an error instead of no answer at all.
 */
@Component(property = {ProtocolPlugin.NAME + "=switchboard", ProtocolPlugin.VERSION + ":Integer=1"})
public final class SwitchboardJsonProtocol implements ProtocolPlugin {

    /** The error codes of a frame that cannot be read. */
    static final String MALFORMED = "protocol.malformed";
    static final String TOO_DEEP = "protocol.too-deep";
    static final JsonInput.Codes CODES = new JsonInput.Codes(MALFORMED, TOO_DEEP);

    private static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory());
    /**
     * The same limits without Jackson's check of repeated keys, for reading requests (the check
     * makes a hash set for every object of three keys or more, which every request's top level
     * is): {@link RequestReader} refuses them itself. A frame it refuses is read again with
     * {@link #JSON}'s parser, so that the error is the one, in the words and at the place, that
     * Jackson's check gives (a repeated key comes before a fault after it; the value after a
     * repeated key is read a little further here before the key is found). A frame read without
     * fault here has no repeated key in any object, so it reads the same either way.
     */
    private static final JsonFactory KEYS_UNCHECKED = JsonLimits.factory().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final SerializerProvider PROVIDER = JSON.getSerializerProviderInstance();

    @Override
    public String name() {
        return "switchboard";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public Request decode(String frame) {
        try {
            try {
                return RequestReader.read(KEYS_UNCHECKED.createParser(frame));
            } catch (RequestReader.RepeatedKey | ProtocolException refused) {
                return RequestReader.read(JSON.getFactory().createParser(frame)); // refused again, in Jackson's words
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached: a parser over text in memory opens without I/O
        }
    }

    /** The same as {@link #decode(String)}, read straight from the frame's bytes: no text of the frame is made. */
    @Override
    public Request decode(byte[] utf8, int offset, int length) {
        try {
            try {
                return RequestReader.read(KEYS_UNCHECKED.createParser(utf8, offset, length));
            } catch (RequestReader.RepeatedKey | ProtocolException refused) {
                return RequestReader.read(JSON.getFactory().createParser(utf8, offset, length)); // refused again, in Jackson's words
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reached, as above
        }
    }

    /**
     * Writes a message; one that cannot be written (nested deeper than the limit, say a
     * component's return value or a document stored before the limit) becomes an error that says
     * so, for the same request, rather than no answer.
     */
    @Override
    public String encode(Outbound message) {
        return new String(encodeBytes(message), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encodeBytes(Outbound message) {
        try {
            return write(message);
        } catch (UncheckedIOException | StackOverflowError e) {
            // StackOverflowError too: the generator's depth limit should stop first, but an answer must go out
            if (message instanceof Outbound.Response response) {
                return write(new Outbound.Error(response.id(), TOO_DEEP, "the answer nests deeper than the "
                        + JsonLimits.maxDepth() + " levels of objects and arrays a frame may have, and cannot be sent"));
            }
            if (message instanceof Outbound.Publication publication) {
                return write(new Outbound.Error(null, TOO_DEEP, "an event for '" + publication.channel() + "' nests deeper than the "
                        + JsonLimits.maxDepth() + " levels of objects and arrays a frame may have, and was not sent"));
            }
            throw e;
        }
    }

    /**
     * Streams the frame's UTF-8 bytes with Jackson's generator rather than building a tree around
     * the message and serialising that. A publication is the event's bytes, written once per event
     * object (a change fanned out to many subscribers shares one), between the recipient's own
     * channel and the closing brace: one copy per recipient, no JSON written again.
     */
    private byte[] write(Outbound message) {
        if (message instanceof Outbound.Publication publication) {
            return publication(publication.channel(), eventJson(publication.event()));
        }
        return bytes(frame -> {
            frame.writeStartObject();
            if (message instanceof Outbound.Response response) {
                frame.writeFieldName(ID);
                write(frame, response.id());
                frame.writeFieldName(OK);
                frame.writeBoolean(true);
                frame.writeFieldName(RESULT);
                write(frame, response.result());
                if (!response.meta().isEmpty()) {
                    frame.writeObjectFieldStart("meta");
                    for (Map.Entry<String, String> fact : new TreeMap<>(response.meta()).entrySet()) {
                        frame.writeStringField(fact.getKey(), fact.getValue());
                    }
                    frame.writeEndObject();
                }
            } else if (message instanceof Outbound.Error error) {
                frame.writeFieldName(ID);
                write(frame, error.id() == null ? NODES.nullNode() : error.id());
                frame.writeFieldName(OK);
                frame.writeBoolean(false);
                frame.writeObjectFieldStart("error");
                frame.writeStringField("code", error.code());
                frame.writeStringField("message", error.message());
                frame.writeEndObject();
            }
            frame.writeEndObject();
        });
    }

    // An answer's names, encoded once: the generator copies their bytes rather than looking at each character every time.
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString OK = new SerializedString("ok");
    private static final SerializedString RESULT = new SerializedString("result");

    private static final byte[] PUBLICATION = "{\"publication\":\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT = "\",\"event\":".getBytes(StandardCharsets.UTF_8);

    /**
     * {@code {"publication":"<channel>","event":<event>}}, the channel escaped as a JSON string. A
     * channel of printable ASCII with no quote or backslash (a subscription id is) is its own JSON
     * text and is copied as it is, with no encoder's array per recipient.
     */
    private static byte[] publication(String channel, byte[] event) {
        byte[] quoted = plainAscii(channel) ? null : JsonStringEncoder.getInstance().quoteAsUTF8(channel);
        int channelBytes = quoted == null ? channel.length() : quoted.length;
        byte[] frame = new byte[PUBLICATION.length + channelBytes + EVENT.length + event.length + 1];
        int at = 0;
        System.arraycopy(PUBLICATION, 0, frame, at, PUBLICATION.length);
        at += PUBLICATION.length;
        if (quoted == null) {
            for (int i = 0; i < channelBytes; i++) {
                frame[at + i] = (byte) channel.charAt(i); // ASCII: each char is its byte
            }
        } else {
            System.arraycopy(quoted, 0, frame, at, channelBytes);
        }
        at += channelBytes;
        System.arraycopy(EVENT, 0, frame, at, EVENT.length);
        at += EVENT.length;
        System.arraycopy(event, 0, frame, at, event.length);
        frame[frame.length - 1] = '}';
        return frame;
    }

    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Frames are written by a generator kept per thread ({@link FrameWriters}). */
    private static final FrameWriters FRAMES = new FrameWriters(JSON.getFactory());

    private static byte[] bytes(FrameWriters.Writing writing) {
        return FRAMES.write(writing);
    }

    /** A tree writes itself, with one serializer provider made once rather than one per value. */
    private static void write(JsonGenerator frame, JsonNode value) throws IOException {
        ((JsonSerializable) value).serialize(frame, PROVIDER);
    }

    /** The last event written and its JSON; a pair, so that threads racing on it see a consistent one. */
    private record Written(JsonNode event, byte[] json) {
    }

    private volatile Written lastEvent = new Written(null, null);

    private byte[] eventJson(JsonNode event) {
        Written last = lastEvent;
        if (last.event() == event) {
            return last.json();
        }
        byte[] json = bytes(generator -> write(generator, event));
        lastEvent = new Written(event, json);
        return json;
    }
}
