package io.switchboard.itests.mesh;

import static io.switchboard.itests.mesh.MeshWire.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.cluster.probe.ProbeJar;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/**
 * A component whose method blocks its caller's thread holds only the calling session: the runtime
 * reads every WebSocket connection on Jetty's selector thread, and a call (which may run a
 * component's code in the caller's thread) leaves it for a thread of Jetty's pool. Another client's
 * requests are answered while the call holds; the calling session's own next request waits for it.
 */
class BlockingComponentTest {

    /** How long the component holds its caller: far longer than another client's get takes. */
    private static final long HOLD_MILLIS = 3_000;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge");

    @Test
    void aBlockingComponentHoldsOnlyItsCallersSession() throws Exception {
        Files.copy(ProbeJar.target(RUNTIME.scratch("probe-jars"), "1.0.0"), RUNTIME.process().deploy().resolve("probe-target-1.0.0.jar"));
        try (MeshWire caller = MeshWire.open(RUNTIME.port()); MeshWire other = MeshWire.open(RUNTIME.port())) {
            Await.until("probeTarget deployed", Duration.ofSeconds(60),
                    () -> caller.send("\"action\":\"call\",\"component\":\"probeTarget\",\"method\":\"node\"").path("ok").asBoolean());
            caller.sendRaw("{\"id\":100,\"action\":\"call\",\"component\":\"probeTarget\",\"method\":\"hold\",\"args\":[" + HOLD_MILLIS + "]}");
            caller.sendRaw("{\"id\":101,\"action\":\"ping\"}");
            // the other client is served while the component holds the caller's thread
            assertTrue(other.send("\"action\":\"set\",\"path\":\"/blocking/x\",\"data\":{\"v\":1},\"options\":{\"noStore\":true}").path("ok").asBoolean());
            JsonNode none = other.send("\"action\":\"get\",\"path\":\"/blocking/none\"");
            assertTrue(none.path("ok").asBoolean() && none.get("result").isNull(), none.toString());
            assertTrue(other.send("\"action\":\"ping\"").path("ok").asBoolean());
            assertNull(caller.answerWithin(0), "the call was still holding when the other client's requests were answered");
            JsonNode held = caller.nextAnswer();
            assertEquals(100, held.path("id").asInt(), "the caller's ping waits for its call: " + held);
            assertEquals("local", result(held).asText());
            assertEquals(101, caller.nextAnswer().path("id").asInt());
        }
    }
}
