package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.RunningRuntime;

/**
 * A payload sent over HTTP, alone or in a batch, comes back as the JSON text it was sent as, less the
 * blanks between its tokens (docs/bus.md, Publish): raw HTTP in, the lease's raw answer out.
 */
class BusRawPayloadTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static final String SENT = "{ \"n\" : 1.50 ,\n \"s\" : \"a, \\\"b\\\" } c\", \"e\": \"\\u00e9\", \"big\": 1e3 }";
    private static final String KEPT = "{\"n\":1.50,\"s\":\"a, \\\"b\\\" } c\",\"e\":\"\\u00e9\",\"big\":1e3}";

    @Test
    void aPayloadIsKeptAsItsTextLessTheBlanksAloneAndInABatch() {
        BusApi admin = BusApi.login(RUNTIME.port(), "admin", "itest-secret");
        for (String driver : new String[] {"memory", "file"}) {
            String topic = "raw-" + driver + "-" + System.nanoTime();
            admin.topic(topic, "{\"driver\": \"" + driver + "\"}");
            admin.publish(topic, SENT, Map.of());
            BusApi.Answer batch = admin.post("/api/bus/topics/" + topic + "/messages/batch", "{\"messages\": [ {\"priority\": 3, \"payload\": " + SENT
                    + "} , {\"payload\":[ 1, 2 ]} ]}");
            assertEquals(202, batch.status(), batch.toString());
            BusApi.Answer leased = admin.post("/api/bus/topics/" + topic + "/lease?max=10", null);
            assertEquals(200, leased.status(), leased.toString());
            String raw = leased.raw();
            assertEquals(2, raw.split("\"payload\":" + java.util.regex.Pattern.quote(KEPT), -1).length - 1,
                    driver + ": the single publish's and the batch entry's payload as sent, less the blanks: " + raw);
            assertTrue(raw.contains("\"payload\":[1,2]"), raw);
        }
    }
}
