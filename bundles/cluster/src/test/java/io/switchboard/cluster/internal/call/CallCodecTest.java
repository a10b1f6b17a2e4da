package io.switchboard.cluster.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallFailedException;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;

class CallCodecTest {

    record Reading(String deviceId, double value) {
    }

    @Test
    void aCallCrossesAsDataWithItsOriginWhateverItsKind() throws NotSendable {
        for (Origin origin : List.of(Origin.user("ann", "s1"), Origin.user("bob", null), Origin.component("customerNotifier", "1.2.0"),
                Origin.system(), Origin.anonymous())) {
            CallRequest read = CallCodec.call(CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update",
                    List.of(new Reading("d1", 1.5)), origin, 3)));
            assertEquals(origin, read.origin());
            assertEquals(List.of(Map.of("deviceId", "d1", "value", 1.5)), read.args(), "arguments arrive as data");
            assertEquals(3, read.hops());
            assertEquals(false, read.lenient());
        }
        assertEquals(true, CallCodec.call(CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update", List.of(), Origin.system(), 0,
                true))).lenient(), "the caller's lenience crosses");
    }

    @Test
    void whatIsNotACallIsRefused() throws NotSendable {
        assertThrows(NotSendable.class, () -> CallCodec.call("{}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NotSendable.class, () -> CallCodec.call("[1".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NotSendable.class, () -> CallCodec.call(("{\"c\":\"x\",\"v\":\"1.0.0\",\"m\":\"y\",\"o\":{\"k\":\"ROOT\",\"n\":\"r\"}}")
                .getBytes(StandardCharsets.UTF_8)));
        byte[] call = CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update", List.of(1), Origin.user("ann", "s1"), 0));
        for (int length = 0; length < call.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(call, length);
            assertThrows(NotSendable.class, () -> CallCodec.call(cut), "a call cut after " + length + " bytes");
        }
        byte[] root = call.clone();
        root[2] = 'R';
        assertThrows(NotSendable.class, () -> CallCodec.call(root), "an origin of no known kind");
        byte[] longer = call.clone();
        longer[8] = (byte) 0x7F; // the component's length, past the end
        assertThrows(NotSendable.class, () -> CallCodec.call(longer));
        byte[] noMethod = CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update", List.of(), Origin.system(), 0));
        noMethod[7 + 2 + 13 + 2 + 5] = (byte) 0xFF; // the method's length: none
        noMethod[7 + 2 + 13 + 2 + 5 + 1] = (byte) 0xFF;
        assertThrows(NotSendable.class, () -> CallCodec.call(noMethod));
    }

    @Test
    void aCallsHeaderIsBinaryAndNoDataPayloadStartsLikeIt() throws NotSendable {
        byte[] call = CallCodec.call(new CallRequest("deviceManager", "1.0.0", "update", List.of(Map.of("v", 1)), Origin.system(), 0));
        assertEquals('C', call[0]);
        String text = new String(call, StandardCharsets.ISO_8859_1);
        assertEquals(true, text.endsWith("[{\"v\":1}]"), "the arguments stay JSON: " + text);
        assertEquals(false, text.contains("\"c\""), "no JSON field names in the header");
    }

    @Test
    void aFailureWithoutAValidCodeBecomesCalleeFailed() {
        SwitchboardException failure = CallCodec.failure("{\"code\":\"Not A Code\",\"message\":\"m\"}".getBytes(StandardCharsets.UTF_8), "b");
        assertEquals(MeshErrors.CALLEE_FAILED, failure.code());
        assertEquals("cluster.not-sendable", CallCodec.failure("nonsense".getBytes(StandardCharsets.UTF_8), "b").code());
    }

    @Test
    void aCalleesFailureCrossesWithItsErrorIdAndAMalformedIdIsLeftOut() {
        CallFailedException thrown = new CallFailedException(MeshErrors.CALLEE_FAILED, "failed (error id e-0123456789ab)", "deviceManager",
                "1.0.0", "update", "IllegalStateException", "e-0123456789ab");
        SwitchboardException read = CallCodec.failure(CallCodec.failure(thrown), "b");
        CallFailedException failure = assertInstanceOf(CallFailedException.class, read);
        assertEquals("e-0123456789ab", failure.errorId());
        assertEquals("IllegalStateException", failure.errorType());
        assertEquals("deviceManager", failure.component());

        byte[] forged = ("{\"code\":\"mesh.callee-failed\",\"message\":\"m\",\"component\":\"c\",\"version\":\"1.0.0\","
                + "\"method\":\"m\",\"type\":\"T\",\"errorId\":\"<script>\"}").getBytes(StandardCharsets.UTF_8);
        assertNull(assertInstanceOf(CallFailedException.class, CallCodec.failure(forged, "b")).errorId());
    }
}
