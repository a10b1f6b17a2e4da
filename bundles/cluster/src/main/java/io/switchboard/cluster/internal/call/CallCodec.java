package io.switchboard.cluster.internal.call;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.cluster.ClusterErrors;

/**
 * Calls and answers as they cross between nodes. Only data crosses: the arguments and the answer
 * are JSON, which the callee's node converts to its own types as it would a client's call. A call's
 * header (which instance, method, origin, hops) is binary, read and written without a JSON tree or
 * a bound record: it is most of a small call's bytes and of its codec's CPU.
 *
 * <pre>
 * call        'C', flags (1: lenient), origin kind (U, C, S or A), hops (4 bytes),
 *             component, version, method, origin name, origin session (each: 2-byte length, or 0xFFFF for none, then UTF-8),
 *             then the arguments: a JSON array
 * result      the value (JSON)
 * failure     {"code", "message", "component", "version", "method", "type"}   (the last four when the callee itself failed)
 * not started {"message"}
 * </pre>
 *
 * A call's first byte is {@code 'C'}, which no payload of the data part starts with ({@code DataCodec}).
 */
public final class CallCodec {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final ObjectWriter WRITE_ARGS = JSON.writerFor(List.class);
    private static final ObjectReader READ_ARGS = JSON.readerFor(List.class);
    private static final ObjectWriter WIRE_FAILURE = JSON.writerFor(WireFailure.class);
    private static final ObjectReader READ_FAILURE = JSON.readerFor(WireFailure.class);
    private static final ObjectReader READ_VALUE = JSON.readerFor(Object.class);

    /** An origin as events carry it (EventCodec: JSON). */
    record WireOrigin(String k, String n, String s) {

        static WireOrigin of(Origin origin) {
            return new WireOrigin(origin.kind().name(), origin.name(), origin.session());
        }
    }

    /** A failure on the wire; {@code errorId} names the callee's log line (CallFailedException#errorId). */
    record WireFailure(String code, String message, String component, String version, String method, String type, String errorId) {
    }

    /** An error id as the callee's node makes them ({@code e-} and 12 hex digits); anything else is left out. */
    private static final Pattern ERROR_ID = Pattern.compile("e-[0-9a-f]{12}");

    /** A call's first byte. */
    static final byte CALL = 'C';
    private static final byte LENIENT = 1;
    /** The call byte, the flags, the origin's kind and the hops. */
    private static final int HEADER = 1 + 1 + 1 + 4;
    /** A text's length that stands for none; also one more than the longest text. */
    private static final int NO_TEXT = 0xFFFF;

    private CallCodec() {
    }

    /** @throws NotSendable when an argument is not data */
    public static byte[] call(CallRequest request) throws NotSendable {
        byte[] args;
        try {
            args = WRITE_ARGS.writeValueAsBytes(request.args());
        } catch (JsonProcessingException e) {
            throw new NotSendable("the arguments are not plain data");
        }
        Origin origin = request.origin();
        byte[][] texts = {utf8(request.component()), utf8(request.version()), utf8(request.method()), utf8(origin.name()),
                utf8(origin.session())};
        int length = HEADER + args.length;
        for (byte[] text : texts) {
            length += 2 + (text == null ? 0 : text.length);
        }
        byte[] payload = new byte[length];
        payload[0] = CALL;
        payload[1] = request.lenient() ? LENIENT : 0;
        payload[2] = kindCode(origin.kind());
        putInt(payload, 3, request.hops());
        int at = HEADER;
        for (byte[] text : texts) {
            at = putText(payload, at, text);
        }
        System.arraycopy(args, 0, payload, at, args.length);
        return payload;
    }

    /** @throws NotSendable when the bytes are not a call */
    public static CallRequest call(byte[] payload) throws NotSendable {
        if (payload.length < HEADER || payload[0] != CALL) {
            throw new NotSendable("a call that cannot be read");
        }
        try {
            Origin.Kind kind = kind(payload[2]);
            int hops = getInt(payload, 3);
            int[] at = {HEADER};
            String component = text(payload, at);
            String version = text(payload, at);
            String method = text(payload, at);
            String originName = text(payload, at);
            String session = text(payload, at);
            if (component == null || version == null || method == null || (originName == null && kind != Origin.Kind.SYSTEM
                    && kind != Origin.Kind.ANONYMOUS) || hops < 0) {
                throw new NotSendable("a call without component, version, method or origin");
            }
            List<Object> args = READ_ARGS.readValue(payload, at[0], payload.length - at[0]);
            if (args == null) {
                throw new NotSendable("a call without arguments");
            }
            return new CallRequest(component, version, method, args, origin(kind, originName, session), hops, (payload[1] & LENIENT) != 0);
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new NotSendable("a call that cannot be read");
        }
    }

    static Origin origin(WireOrigin wire) {
        return origin(Origin.Kind.valueOf(wire.k()), wire.n(), wire.s());
    }

    static Origin origin(Origin.Kind kind, String name, String session) {
        return switch (kind) {
            case USER -> Origin.user(name, session);
            case COMPONENT -> {
                int at = name.lastIndexOf('@');
                yield at < 0 ? Origin.component(name, "0.0.0") : Origin.component(name.substring(0, at), name.substring(at + 1));
            }
            case SYSTEM -> Origin.system();
            case ANONYMOUS -> Origin.anonymous();
        };
    }

    private static byte kindCode(Origin.Kind kind) {
        return switch (kind) {
            case USER -> 'U';
            case COMPONENT -> 'C';
            case SYSTEM -> 'S';
            case ANONYMOUS -> 'A';
        };
    }

    private static Origin.Kind kind(byte code) throws NotSendable {
        return switch (code) {
            case 'U' -> Origin.Kind.USER;
            case 'C' -> Origin.Kind.COMPONENT;
            case 'S' -> Origin.Kind.SYSTEM;
            case 'A' -> Origin.Kind.ANONYMOUS;
            default -> throw new NotSendable("a call from an origin of unknown kind");
        };
    }

    private static byte[] utf8(String text) throws NotSendable {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= NO_TEXT) {
            throw new NotSendable("a name of more than " + (NO_TEXT - 1) + " bytes");
        }
        return bytes;
    }

    private static int putText(byte[] target, int at, byte[] text) {
        int length = text == null ? NO_TEXT : text.length;
        target[at] = (byte) (length >>> 8);
        target[at + 1] = (byte) length;
        if (text != null) {
            System.arraycopy(text, 0, target, at + 2, text.length);
            return at + 2 + text.length;
        }
        return at + 2;
    }

    /** The text at {@code at[0]}, which moves past it; null for none. */
    private static String text(byte[] payload, int[] at) {
        int length = ((payload[at[0]] & 0xFF) << 8) | (payload[at[0] + 1] & 0xFF);
        at[0] += 2;
        if (length == NO_TEXT) {
            return null;
        }
        String text = new String(payload, at[0], length, StandardCharsets.UTF_8);
        at[0] += length;
        return text;
    }

    private static void putInt(byte[] target, int at, int value) {
        target[at] = (byte) (value >>> 24);
        target[at + 1] = (byte) (value >>> 16);
        target[at + 2] = (byte) (value >>> 8);
        target[at + 3] = (byte) value;
    }

    private static int getInt(byte[] source, int at) {
        return ((source[at] & 0xFF) << 24) | ((source[at + 1] & 0xFF) << 16) | ((source[at + 2] & 0xFF) << 8) | (source[at + 3] & 0xFF);
    }

    /** @throws NotSendable when the value is not data */
    public static byte[] value(Object value) throws NotSendable {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new NotSendable("the answer is not plain data");
        }
    }

    public static Object value(byte[] payload) throws NotSendable {
        try {
            return READ_VALUE.readValue(payload);
        } catch (IOException e) {
            throw new NotSendable("an answer that cannot be read");
        }
    }

    public static byte[] failure(SwitchboardException failure) {
        WireFailure wire = failure instanceof CallFailedException callee
                ? new WireFailure(callee.code(), callee.getMessage(), callee.component(), callee.version(), callee.method(), callee.errorType(),
                        callee.errorId())
                : new WireFailure(failure.code(), failure.getMessage(), null, null, null, null, null);
        try {
            return WIRE_FAILURE.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a failure could not be written", e);
        }
    }

    /**
     * The failure as the caller's node raises it; a callee's failure names the node it ran on.
     *
     * @param node the node that answered
     */
    public static SwitchboardException failure(byte[] payload, String node) {
        try {
            WireFailure wire = READ_FAILURE.readValue(payload);
            String code = wire.code() != null && validCode(wire.code()) ? wire.code() : MeshErrors.CALLEE_FAILED;
            String message = wire.message() == null ? "failed on node " + node : wire.message();
            if (wire.component() != null) {
                String errorId = wire.errorId() != null && ERROR_ID.matcher(wire.errorId()).matches() ? wire.errorId() : null;
                return new CallFailedException(code, message + " (on node " + node + ")", wire.component(), wire.version(), wire.method(),
                        wire.type(), errorId);
            }
            return new SwitchboardException(code, message);
        } catch (IOException e) {
            return new SwitchboardException(ClusterErrors.NOT_SENDABLE, "node " + node + " sent a failure that cannot be read");
        }
    }

    public static byte[] notStarted(String message) {
        try {
            return JSON.writeValueAsBytes(java.util.Map.of("message", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a message could not be written", e);
        }
    }

    public static String notStartedMessage(byte[] payload) {
        try {
            return String.valueOf(JSON.readTree(payload).path("message").asText("the call did not start"));
        } catch (IOException e) {
            return "the call did not start";
        }
    }

    static boolean validCode(String code) {
        try {
            new SwitchboardException(code, "");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
