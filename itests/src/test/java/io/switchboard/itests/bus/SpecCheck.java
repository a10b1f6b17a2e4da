package io.switchboard.itests.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * Checks one exchange with the bus against the OpenAPI 3.1 document the runtime serves at
 * {@code /api/bus/openapi.json}: the route and method exist (or the answer is the error the bus gives
 * for a route or method it does not have), the status is one the document lists for the operation,
 * the answer's JSON matches that status's schema, and a request the bus accepted (2xx) matches the
 * operation's request body schema. The schemas are checked with networknt's JSON Schema validator
 * (draft 2020-12, OpenAPI 3.1's dialect), so the document cannot drift from what the server does.
 */
final class SpecCheck {

    private static final String BASE = "/api/bus";
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    private static volatile JsonNode document;

    private SpecCheck() {
    }

    static void exchange(int port, String method, String path, Map<String, String> headers, String body, BusApi.Answer answer) {
        exchange(document(port), method, path, body, answer);
    }

    /** The check against a given document (SpecCheckTest shows it refuses what the document does not say). */
    static void exchange(JsonNode spec, String method, String path, String body, BusApi.Answer answer) {
        String route = path.substring(BASE.length());
        int query = route.indexOf('?');
        if (query >= 0) {
            route = route.substring(0, query);
        }
        String where = method + " " + path + " -> " + answer;
        String template = template(spec, route);
        if (template == null) {
            check(spec, ref("Error"), answer.body(), where + ": no route of the document matches, so the answer must be an error");
            return;
        }
        JsonNode operation = spec.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            if (answer.status() != 405) {
                throw new AssertionError(where + ": the document has no " + method + " on " + template + ", yet the answer is not 405");
            }
            check(spec, ref("Error"), answer.body(), where);
            return;
        }
        JsonNode response = operation.path("responses").path(Integer.toString(answer.status()));
        if (response.isMissingNode()) {
            throw new AssertionError(where + ": status " + answer.status() + " is not among the document's for " + method + " " + template);
        }
        response = resolve(spec, response);
        JsonNode json = response.path("content").path("application/json");
        if (!json.isMissingNode()) {
            check(spec, json.path("schema"), answer.body(), where + " (answer)");
        } else if (response.path("content").path("text/event-stream").isMissingNode() && answer.body() != null) {
            throw new AssertionError(where + ": the document says this answer has no JSON body");
        }
        if (answer.status() / 100 == 2 && body != null) {
            JsonNode requestSchema = operation.path("requestBody").path("content").path("application/json").path("schema");
            if (requestSchema.isMissingNode()) {
                throw new AssertionError(where + ": the bus accepted a request body the document does not describe");
            }
            try {
                check(spec, requestSchema, BusApi.JSON.readTree(body), where + " (request)");
            } catch (IOException e) {
                throw new AssertionError(where + ": the bus accepted a request body that is not JSON");
            }
        }
    }

    /** The document's path template matching a route: literal segments win over parameters. */
    private static String template(JsonNode spec, String route) {
        List<String> matches = new ArrayList<>();
        for (Iterator<String> names = spec.path("paths").fieldNames(); names.hasNext();) {
            String candidate = names.next();
            if (Pattern.compile(candidate.replaceAll("\\{[^}]+}", "[^/]+")).matcher(route).matches()) {
                matches.add(candidate);
            }
        }
        return matches.stream().min(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count())).orElse(null);
    }

    private static JsonNode ref(String schema) {
        return BusApi.object().put("$ref", "#/components/schemas/" + schema);
    }

    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        JsonNode reference = node.path("$ref");
        return reference.isTextual() ? spec.at(reference.asText().substring(1)) : node;
    }

    /** Validates a value against a schema of the document, its references resolved within the document's components. */
    private static void check(JsonNode spec, JsonNode schema, JsonNode value, String where) {
        if (value == null) {
            throw new AssertionError(where + ": the document says this answer is JSON, and it has no body");
        }
        Schema compiled = COMPILED.computeIfAbsent(schema.toString(), key -> {
            ObjectNode root = schema.isObject() ? ((ObjectNode) schema).deepCopy() : BusApi.object();
            root.set("components", spec.path("components"));
            return SCHEMAS.getSchema(root);
        });
        List<com.networknt.schema.Error> errors = compiled.validate(value);
        if (!errors.isEmpty()) {
            throw new AssertionError(where + ": does not match the document's schema " + schema + ": " + errors);
        }
    }

    private static JsonNode document(int port) {
        if (document == null) {
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + "/openapi.json"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new AssertionError("GET /api/bus/openapi.json answered " + answer.statusCode() + ": " + answer.body());
                }
                JsonNode read = BusApi.JSON.readTree(answer.body());
                if (!read.path("openapi").asText().startsWith("3.1")) {
                    throw new AssertionError("/api/bus/openapi.json is not an OpenAPI 3.1 document");
                }
                document = read;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return document;
    }
}
