package io.switchboard.bus.middleware.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.StoreAwait;
import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.BusMiddleware;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * The topic setting {@code schema}: a JSON Schema (2020-12) each payload published to the topic must
 * follow, checked before storage with networknt's validator; a payload that does not is refused with
 * {@value BusErrors#SCHEMA_VIOLATION} naming each violation. A schema is itself checked against the
 * 2020-12 meta-schema when it is set, and may refer only within itself ({@code "$ref": "#..."}):
 * the bus never fetches a schema from a URL. Kept in the store under {@value #STORE}.
 */
@Component(service = {BusMiddleware.class, TopicSchemas.class}, property = {"service.ranking:Integer=-5000", BusMiddleware.NAME + "=schema"})
public final class TopicSchemas implements BuiltIn {

    private static final StoreAwait SCHEMAS = new StoreAwait("the topics' schemas");

    private static final Logger LOG = LoggerFactory.getLogger(TopicSchemas.class);
    static final String STORE = "/_SYSTEM/bus/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private static final int MAX_SCHEMA_CHARS = 64 * 1024;
    private static final int MAX_VIOLATIONS_SHOWN = 10;

    private final DataService data;
    private final Map<String, Compiled> schemas = new ConcurrentHashMap<>();

    private record Compiled(JsonNode source, Schema schema) {
    }

    @Activate
    public TopicSchemas(@Reference DataService data) {
        this.data = data;
        for (Item item : SCHEMAS.await(data.find(STORE + "*", Query.ALL))) {
            String topic = item.path().substring(STORE.length());
            try {
                schemas.put(topic, compile(item.data()));
            } catch (SwitchboardException e) {
                LOG.warn("bus: the stored schema of topic {} cannot be used ({}); its payloads are not checked", topic, e.getMessage());
            }
        }
    }

    /** Checks a schema as the topic setting {@code schema} would take it; {@value BusErrors#INVALID_SCHEMA} when it is not one. */
    public void check(JsonNode schema) {
        if (schema != null && !schema.isNull()) {
            compile(schema);
        }
    }

    /** Sets a topic's schema (null removes it). */
    public void put(String topic, JsonNode schema) {
        if (schema == null || schema.isNull()) {
            remove(topic);
            return;
        }
        Compiled compiled = compile(schema);
        SCHEMAS.await(data.set(STORE + topic, schema, WriteOptions.DEFAULTS.withNoPublish(true)));
        schemas.put(topic, compiled);
    }

    public void remove(String topic) {
        if (schemas.remove(topic) != null) {
            SCHEMAS.await(data.remove(STORE + topic, WriteOptions.DEFAULTS));
        }
    }

    public Optional<JsonNode> get(String topic) {
        return Optional.ofNullable(schemas.get(topic)).map(Compiled::source);
    }

    @Override
    public BusMessage beforeStore(BusMessage message) {
        Compiled compiled = schemas.get(message.topic());
        if (compiled == null) {
            return message;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(new String(message.payload(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SwitchboardException(BusErrors.SCHEMA_VIOLATION, "the payload is not JSON, so it cannot follow topic '" + message.topic()
                    + "''s schema");
        }
        List<com.networknt.schema.Error> errors = compiled.schema().validate(payload);
        if (!errors.isEmpty()) {
            throw new SwitchboardException(BusErrors.SCHEMA_VIOLATION, "the payload does not follow topic '" + message.topic() + "''s schema: "
                    + shown(errors));
        }
        return message;
    }

    private static Compiled compile(JsonNode schema) {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw invalid("a schema is a JSON object (or true or false)");
        }
        if (schema.toString().length() > MAX_SCHEMA_CHARS) {
            throw invalid("a schema is at most " + MAX_SCHEMA_CHARS + " characters of JSON");
        }
        localReferencesOnly(schema);
        JsonNode dialect = schema.path("$schema");
        if (!dialect.isMissingNode() && !dialect.asText().equals("https://json-schema.org/draft/2020-12/schema")) {
            throw invalid("'$schema' may only name https://json-schema.org/draft/2020-12/schema, the dialect the bus checks");
        }
        List<com.networknt.schema.Error> errors;
        try {
            errors = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema")).validate(schema);
        } catch (RuntimeException e) {
            throw invalid("it could not be checked against the JSON Schema 2020-12 meta-schema: " + BusErrors.shown(String.valueOf(e.getMessage())));
        }
        if (!errors.isEmpty()) {
            throw invalid("it does not follow JSON Schema 2020-12: " + shown(errors));
        }
        try {
            return new Compiled(schema.deepCopy(), REGISTRY.getSchema(schema));
        } catch (RuntimeException e) {
            throw invalid(BusErrors.shown(String.valueOf(e.getMessage())));
        }
    }

    /** No reference leaves the schema: a {@code $ref} to a URL would have the bus fetch it (a request the topic's manager chooses). */
    private static void localReferencesOnly(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                String key = field.getKey();
                if ((key.equals("$ref") || key.equals("$dynamicRef") || key.equals("$id")) && !(field.getValue().isTextual()
                        && field.getValue().asText().startsWith("#"))) {
                    throw invalid("'" + key + "' may only point within the schema (\"#...\"); the bus does not fetch schemas, was "
                            + BusErrors.shown(field.getValue().toString()));
                }
                localReferencesOnly(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(TopicSchemas::localReferencesOnly);
        }
    }

    private static String shown(List<com.networknt.schema.Error> errors) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(errors.size(), MAX_VIOLATIONS_SHOWN); i++) {
            String violation = errors.get(i).toString();
            text.append(i == 0 ? "" : "; ").append(violation.length() > 200 ? violation.substring(0, 200) + "..." : violation);
        }
        if (errors.size() > MAX_VIOLATIONS_SHOWN) {
            text.append("; and ").append(errors.size() - MAX_VIOLATIONS_SHOWN).append(" more");
        }
        return text.toString();
    }

    private static SwitchboardException invalid(String why) {
        return new SwitchboardException(BusErrors.INVALID_SCHEMA, "the topic's 'schema' is not valid: " + why);
    }
}
