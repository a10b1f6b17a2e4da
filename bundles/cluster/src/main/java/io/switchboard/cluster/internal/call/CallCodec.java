package io.switchboard.cluster.internal.call;

import java.io.IOException;
import java.util.List;

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
 * Calls and answers as they cross between nodes: JSON, so that only data crosses (the callee's node
 * converts it to its own types, as it would a client's call). Short field names: a call is mostly
 * its arguments.
 *
 * <pre>
 * call       {"c": component, "v": version, "m": method, "a": [arguments], "o": {"k": kind, "n": name, "s": session}, "h": hops,
 *             "l": true when the arguments are read leniently (absent otherwise)}
 * result     the value
 * failure    {"code", "message", "component", "version", "method", "type"}   (the last four when the callee itself failed)
 * not started {"message"}
 * </pre>
 */
public final class CallCodec {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final ObjectWriter WIRE_CALL = JSON.writerFor(WireCall.class);
    private static final ObjectReader READ_CALL = JSON.readerFor(WireCall.class);
    private static final ObjectWriter WIRE_FAILURE = JSON.writerFor(WireFailure.class);
    private static final ObjectReader READ_FAILURE = JSON.readerFor(WireFailure.class);
    private static final ObjectReader READ_VALUE = JSON.readerFor(Object.class);

    record WireOrigin(String k, String n, String s) {

        static WireOrigin of(Origin origin) {
            return new WireOrigin(origin.kind().name(), origin.name(), origin.session());
        }
    }

    record WireCall(String c, String v, String m, List<Object> a, WireOrigin o, int h, Boolean l) {
    }

    record WireFailure(String code, String message, String component, String version, String method, String type) {
    }

    private CallCodec() {
    }

    /** @throws NotSendable when an argument is not data */
    public static byte[] call(CallRequest request) throws NotSendable {
        Origin origin = request.origin();
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) request.args();
        try {
            return WIRE_CALL.writeValueAsBytes(new WireCall(request.component(), request.version(), request.method(), args,
                    new WireOrigin(origin.kind().name(), origin.name(), origin.session()), request.hops(), request.lenient() ? Boolean.TRUE : null));
        } catch (JsonProcessingException e) {
            throw new NotSendable("the arguments are not plain data");
        }
    }

    /** @throws NotSendable when the bytes are not a call */
    public static CallRequest call(byte[] payload) throws NotSendable {
        try {
            WireCall wire = READ_CALL.readValue(payload);
            if (wire.c() == null || wire.v() == null || wire.m() == null || wire.o() == null) {
                throw new NotSendable("a call without component, version, method or origin");
            }
            return new CallRequest(wire.c(), wire.v(), wire.m(), wire.a() == null ? List.of() : wire.a(), origin(wire.o()), wire.h(),
                    Boolean.TRUE.equals(wire.l()));
        } catch (IOException | IllegalArgumentException e) {
            throw new NotSendable("a call that cannot be read");
        }
    }

    static Origin origin(WireOrigin wire) {
        Origin.Kind kind = Origin.Kind.valueOf(wire.k());
        return switch (kind) {
            case USER -> Origin.user(wire.n(), wire.s());
            case COMPONENT -> {
                int at = wire.n().lastIndexOf('@');
                yield at < 0 ? Origin.component(wire.n(), "0.0.0") : Origin.component(wire.n().substring(0, at), wire.n().substring(at + 1));
            }
            case SYSTEM -> Origin.system();
            case ANONYMOUS -> Origin.anonymous();
        };
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
                ? new WireFailure(callee.code(), callee.getMessage(), callee.component(), callee.version(), callee.method(), callee.errorType())
                : new WireFailure(failure.code(), failure.getMessage(), null, null, null, null);
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
                return new CallFailedException(code, message + " (on node " + node + ")", wire.component(), wire.version(), wire.method(),
                        wire.type());
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
