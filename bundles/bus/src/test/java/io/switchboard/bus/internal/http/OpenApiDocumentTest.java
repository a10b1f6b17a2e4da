package io.switchboard.bus.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.bus.BusErrors;

/** The OpenAPI document shipped in the bundle: 3.1, every bus.* code in its error schema, every reference resolves. */
class OpenApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            assertNotNull(in, "openapi.json is beside OpenApi.class");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void listsEveryCodeOfTheOneErrorTable() throws Exception {
        JsonNode document = document();
        assertEquals("3.1.0", document.path("openapi").asText());
        TreeSet<String> listed = new TreeSet<>();
        document.at("/components/schemas/Error/properties/error/properties/code/enum").forEach(code -> listed.add(code.asText()));
        assertEquals(new TreeSet<>(BusErrors.codes()), listed);
    }

    @Test
    void everyReferenceResolvesAndEveryErrorStatusIsOneOfTheTable() throws Exception {
        JsonNode document = document();
        TreeSet<Integer> statuses = new TreeSet<>();
        BusErrors.codes().forEach(code -> statuses.add(BusErrors.httpStatus(code)));
        check(document, document, statuses);
    }

    private static void check(JsonNode document, JsonNode node, TreeSet<Integer> statuses) {
        if (node.isObject()) {
            JsonNode reference = node.get("$ref");
            if (reference != null) {
                assertFalse(document.at(reference.asText().substring(1)).isMissingNode(), "unresolved " + reference);
            }
            JsonNode responses = node.get("responses");
            if (responses != null && responses.isObject() && node.has("operationId")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> response = it.next();
                    if (response.getValue().path("$ref").asText().endsWith("/Error")) {
                        assertTrue(statuses.contains(Integer.parseInt(response.getKey())), node.path("operationId") + ": no bus code answers " + response.getKey());
                    }
                }
            }
        }
        node.forEach(child -> check(document, child, statuses));
    }
}
