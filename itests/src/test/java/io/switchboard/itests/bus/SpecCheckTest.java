package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The spec check itself: what the bus's tests pass through it is only worth something if it refuses
 * answers and requests the OpenAPI document does not describe. Uses the document as the bus bundle
 * ships it (its source), without a runtime.
 */
class SpecCheckTest {

    private static JsonNode spec;

    @BeforeAll
    static void read() throws Exception {
        Path document = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && document == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bundles/bus/src/main/resources/io/switchboard/bus/internal/http/openapi.json");
            document = Files.isRegularFile(candidate) ? candidate : null;
        }
        spec = BusApi.JSON.readTree(Files.readString(document));
    }

    private static BusApi.Answer answer(int status, String json) throws Exception {
        return new BusApi.Answer(status, Map.of(), json == null ? null : BusApi.JSON.readTree(json), json == null ? "" : json);
    }

    @Test
    void passesWhatTheDocumentSays() throws Exception {
        SpecCheck.exchange(spec, "POST", "/api/bus/topics/t/messages", "{\"a\": 1}", answer(202, "{\"id\": \"t~1\", \"duplicate\": false}"));
        SpecCheck.exchange(spec, "POST", "/api/bus/topics/t/lease?max=2", null,
                answer(200, "{\"messages\": [{\"id\": \"t~1\", \"payload\": 1, \"priority\": 4, \"deliveries\": 1, \"publishedAt\": 5, \"topic\": \"t\", \"group\": \"default\"}]}"));
        SpecCheck.exchange(spec, "POST", "/api/bus/topics/t/dead-letters/redrive", null, answer(200, "{\"redriven\": 0}"));
        SpecCheck.exchange(spec, "PATCH", "/api/bus/topics/t", null, answer(405, "{\"error\": {\"code\": \"bus.method-not-allowed\", \"message\": \"m\"}}"));
        SpecCheck.exchange(spec, "GET", "/api/bus/nothing/here", null, answer(404, "{\"error\": {\"code\": \"bus.unknown-route\", \"message\": \"m\"}}"));
    }

    @Test
    void refusesAnAnswerMissingAField() throws Exception {
        assertThrows(AssertionError.class, () -> SpecCheck.exchange(spec, "POST", "/api/bus/topics/t/messages", "{}", answer(202, "{\"id\": \"t~1\"}")));
    }

    @Test
    void refusesAStatusTheOperationDoesNotList() throws Exception {
        assertThrows(AssertionError.class, () -> SpecCheck.exchange(spec, "POST", "/api/bus/topics/t/messages", "{}", answer(201, "{\"id\": \"t~1\", \"duplicate\": false}")));
    }

    @Test
    void refusesACodeOutsideTheBusCodes() throws Exception {
        assertThrows(AssertionError.class, () -> SpecCheck.exchange(spec, "GET", "/api/bus/topics/t", null,
                answer(500, "{\"error\": {\"code\": \"http.internal-error\", \"message\": \"m\"}}")));
        assertThrows(AssertionError.class, () -> SpecCheck.exchange(spec, "GET", "/api/bus/topics/t", null,
                answer(404, "{\"error\": {\"code\": \"bus.no-such-code\", \"message\": \"m\"}}")));
    }

    @Test
    void refusesAnAcceptedRequestTheDocumentDoesNotDescribe() throws Exception {
        String topic = "{\"name\": \"t\", \"settings\": {\"discipline\": \"fifo\", \"driver\": \"file\", \"maxLength\": 10, \"overflow\": \"reject\","
                + " \"retentionMillis\": 0, \"ackTimeoutMillis\": 30000, \"maxDeliveries\": 5, \"deadLetter\": null, \"dedupWindowMillis\": 0},"
                + " \"depth\": 0, \"dead\": 0, \"groups\": {}, \"inFlight\": 0, \"published\": 0, \"rates\": {\"publishPerSecond\": 0, \"ackPerSecond\": 0}}";
        SpecCheck.exchange(spec, "PUT", "/api/bus/topics/t", "{\"discipline\": \"fifo\"}", answer(201, topic));
        assertThrows(AssertionError.class, () -> SpecCheck.exchange(spec, "PUT", "/api/bus/topics/t", "{\"discipline\": \"random\"}", answer(201, topic)));
    }
}
