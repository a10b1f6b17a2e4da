package io.switchboard.dataedge.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataErrors;
import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.ItemMeta;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;

/**
 * The one mapping between the data API and its JSON form on the wire and over HTTP: items,
 * events, and the options of each operation (docs/protocol.md). Unknown options are refused by
 * name, so a misspelt option never silently does nothing.
 */
final class DataJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String WRONG_TYPE = "protocol.wrong-type";
    private static final Set<String> WRITE_OPTIONS = Set.of("merge", "noPublish", "noStore", "targetSessions", "meta", "consistency", "criteria");
    private static final Set<String> QUERY_OPTIONS = Set.of("criteria", "sort", "skip", "limit", "fields");
    private static final Set<String> COUNT_OPTIONS = Set.of("criteria");
    private static final Set<String> SUBSCRIBE_OPTIONS = Set.of("eventType", "count", "initial", "depth", "meta");

    private DataJson() {
    }

    /** An item as the answer to a get or a write: {@code {path, data, meta}}, written straight from the item. */
    static ObjectNode item(Item item) {
        return new StreamedObject(() -> itemTree(item), (generator, provider) -> {
            generator.writeStartObject();
            generator.writeFieldName(PATH);
            generator.writeString(item.path());
            generator.writeFieldName(DATA);
            StreamedObject.value(generator, provider, item.data());
            generator.writeFieldName(META);
            writeMeta(generator, item.meta());
            generator.writeEndObject();
        });
    }

    /** {@link #item(Item)} as a tree: what a reader of its fields sees, and what its bytes must equal (DataJsonTest). */
    static ObjectNode itemTree(Item item) {
        ObjectNode json = NODES.objectNode();
        json.put("path", item.path());
        json.set("data", item.data());
        json.set("meta", meta(item.meta()));
        return json;
    }

    /**
     * What a write answers: the item as stored, or null when nothing was stored ({@code noStore}):
     * a write that stored nothing has no created time or version a later read would find.
     */
    static JsonNode written(io.switchboard.data.WriteResult result, WriteOptions options) {
        if (options.noStore()) {
            return NODES.nullNode();
        }
        return result.item().<JsonNode>map(DataJson::item).orElse(NODES.nullNode());
    }

    static ArrayNode items(List<Item> items) {
        ArrayNode array = NODES.arrayNode(items.size());
        items.forEach(item -> array.add(item(item)));
        return array;
    }

    /**
     * A change as its subscribers receive it, {@code {action, path, data, meta}}, written straight
     * from the event. An event with custom meta is a tree: its keys merge into the meta by the
     * tree's rules (an own key wins, {@code initial} and {@code removedPaths} replace in place).
     */
    static ObjectNode event(DataEvent event) {
        if (event.customMeta() != null) {
            return eventTree(event);
        }
        return new StreamedObject(() -> eventTree(event), (generator, provider) -> {
            generator.writeStartObject();
            generator.writeFieldName(ACTION);
            generator.writeString(ACTION_STRINGS[event.action().ordinal()]);
            generator.writeFieldName(PATH);
            generator.writeString(event.path());
            generator.writeFieldName(DATA);
            StreamedObject.value(generator, provider, event.data());
            generator.writeFieldName(META);
            generator.writeStartObject();
            writeMetaFields(generator, event);
            if (event.initial()) {
                generator.writeFieldName(INITIAL);
                generator.writeBoolean(true);
            }
            if (event.action() == DataEvent.Action.REMOVE) {
                generator.writeArrayFieldStart("removedPaths");
                for (String removed : event.removedPaths()) {
                    generator.writeString(removed);
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    /** Each action's name on the wire, made once: an event's is written for every publication. */
    private static final String[] ACTION_NAMES = Arrays.stream(DataEvent.Action.values())
            .map(action -> action.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private static String actionName(DataEvent.Action action) {
        return ACTION_NAMES[action.ordinal()];
    }

    // The names written for every item and event, encoded once: the generator copies their bytes
    // (writing a name given as a String looks at each of its characters every time).
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString DATA = new SerializedString("data");
    private static final SerializedString META = new SerializedString("meta");
    private static final SerializedString ACTION = new SerializedString("action");
    private static final SerializedString INITIAL = new SerializedString("initial");
    private static final SerializedString CREATED = new SerializedString("created");
    private static final SerializedString MODIFIED = new SerializedString("modified");
    private static final SerializedString MODIFIED_BY = new SerializedString("modifiedBy");
    private static final SerializedString VERSION = new SerializedString("version");
    private static final SerializedString[] ACTION_STRINGS = Arrays.stream(ACTION_NAMES).map(SerializedString::new)
            .toArray(SerializedString[]::new);

    /** {@link #event(DataEvent)} as a tree. */
    static ObjectNode eventTree(DataEvent event) {
        ObjectNode json = NODES.objectNode();
        json.put("action", actionName(event.action()));
        json.put("path", event.path());
        json.set("data", event.data());
        ObjectNode meta = meta(event);
        if (event.customMeta() != null) {
            event.customMeta().properties().forEach(entry -> meta.putIfAbsent(entry.getKey(), entry.getValue()));
        }
        if (event.initial()) {
            meta.put("initial", true);
        }
        if (event.action() == DataEvent.Action.REMOVE) {
            ArrayNode removed = meta.putArray("removedPaths");
            event.removedPaths().forEach(removed::add);
        }
        json.set("meta", meta);
        return json;
    }

    private static void writeMeta(JsonGenerator generator, ItemMeta meta) throws IOException {
        generator.writeStartObject();
        writeMetaFields(generator, meta);
        generator.writeEndObject();
    }

    /** The fields of {@link #meta(ItemMeta)}, in its order. */
    private static void writeMetaFields(JsonGenerator generator, ItemMeta meta) throws IOException {
        generator.writeFieldName(PATH);
        generator.writeString(meta.path());
        generator.writeFieldName(CREATED);
        generator.writeNumber(meta.created());
        generator.writeFieldName(MODIFIED);
        generator.writeNumber(meta.modified());
        if (meta.modifiedBy() != null) {
            generator.writeFieldName(MODIFIED_BY);
            generator.writeString(meta.modifiedBy());
        }
        generator.writeFieldName(VERSION);
        generator.writeNumber(meta.version());
    }

    private static ObjectNode meta(ItemMeta meta) {
        ObjectNode json = NODES.objectNode();
        json.put("path", meta.path());
        json.put("created", meta.created());
        json.put("modified", meta.modified());
        if (meta.modifiedBy() != null) {
            json.put("modifiedBy", meta.modifiedBy());
        }
        json.put("version", meta.version());
        return json;
    }

    // --- options
    //
    // Which code a bad option gets (docs/protocol.md): the request's own fields (path, data, options
    // itself, ...) are protocol.missing-field or protocol.wrong-type; inside options, what a query
    // takes (sort, skip, limit, fields) is data.invalid-query, criteria are data.invalid-criteria,
    // and every other option (unknown, wrong type or out of range) is data.invalid-option. One
    // code per kind of mistake, whatever the transport: the data service says the same.

    static WriteOptions writeOptions(JsonNode options) {
        ObjectNode object = optionsObject(options, WRITE_OPTIONS);
        WriteOptions result = WriteOptions.DEFAULTS;
        if (object == null) {
            return result;
        }
        result = result.withMerge(bool(object, "merge")).withNoPublish(bool(object, "noPublish")).withNoStore(bool(object, "noStore"));
        if (object.has("targetSessions")) {
            result = result.withTargetSessions(strings(object.get("targetSessions"), "targetSessions", DataErrors.INVALID_OPTION));
        }
        if (object.has("meta")) {
            result = result.withMeta(objectOf(object.get("meta"), "meta", DataErrors.INVALID_OPTION));
        }
        if (object.has("criteria")) {
            result = result.withCriteria(objectOf(object.get("criteria"), "criteria", DataErrors.INVALID_CRITERIA));
        }
        if (object.has("consistency")) {
            String name = text(object.get("consistency"), "consistency", DataErrors.INVALID_OPTION);
            try {
                result = result.withConsistency(Consistency.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid("consistency must be one of queued, deferred, transactional, acknowledged; was '" + shown(name) + "'");
            }
        }
        return result;
    }

    /** The criteria of a count, its only option: sort, skip, limit or fields there would silently do nothing. */
    static ObjectNode countCriteria(JsonNode options) {
        ObjectNode object = optionsObject(options, COUNT_OPTIONS);
        return object == null || !object.has("criteria") ? null : objectOf(object.get("criteria"), "criteria", DataErrors.INVALID_CRITERIA);
    }

    static Query query(JsonNode options) {
        ObjectNode object = optionsObject(options, QUERY_OPTIONS);
        Query query = Query.ALL;
        if (object == null) {
            return query;
        }
        if (object.has("criteria")) {
            query = query.withCriteria(objectOf(object.get("criteria"), "criteria", DataErrors.INVALID_CRITERIA));
        }
        if (object.has("sort")) {
            List<Query.Sort> sorts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : objectOf(object.get("sort"), "sort", DataErrors.INVALID_QUERY).properties()) {
                int direction = entry.getValue().asInt(0);
                if (!entry.getValue().isInt() || (direction != 1 && direction != -1)) {
                    throw new SwitchboardException(DataErrors.INVALID_QUERY,
                            "sort." + shown(entry.getKey()) + " must be 1 (ascending) or -1 (descending)");
                }
                sorts.add(new Query.Sort(entry.getKey(), direction == 1));
            }
            query = query.withSort(sorts.toArray(new Query.Sort[0]));
        }
        query = query.withSkip(natural(object, "skip", DataErrors.INVALID_QUERY)).withLimit(natural(object, "limit", DataErrors.INVALID_QUERY));
        if (object.has("fields")) {
            query = query.withFields(strings(object.get("fields"), "fields", DataErrors.INVALID_QUERY).toArray(new String[0]));
        }
        return query;
    }

    static SubscribeOptions subscribeOptions(JsonNode options) {
        ObjectNode object = optionsObject(options, SUBSCRIBE_OPTIONS);
        SubscribeOptions result = SubscribeOptions.DEFAULTS;
        if (object == null) {
            return result;
        }
        if (object.has("eventType")) {
            String name = text(object.get("eventType"), "eventType", DataErrors.INVALID_OPTION);
            try {
                result = result.withEventType(EventType.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid("eventType must be one of set, remove, all; was '" + shown(name) + "'");
            }
        }
        result = result.withCount(natural(object, "count", DataErrors.INVALID_OPTION)).withInitial(bool(object, "initial"))
                .withDepth(natural(object, "depth", DataErrors.INVALID_OPTION));
        if (object.has("meta")) {
            result = result.withMeta(objectOf(object.get("meta"), "meta", DataErrors.INVALID_OPTION));
        }
        return result;
    }

    // --- the request's own fields, each failing with a protocol code and the field's name

    static String requiredText(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        return text(value, field, WRONG_TYPE);
    }

    static JsonNode required(ObjectNode params, String field) {
        JsonNode value = params.get(field);
        if (value == null || value.isMissingNode()) {
            throw missing(field);
        }
        return value;
    }

    /** The options object, with every name in it known; {@code options} itself is a field of the request. */
    private static ObjectNode optionsObject(JsonNode options, Set<String> known) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return null;
        }
        ObjectNode object = objectOf(options, "options", WRONG_TYPE);
        for (String name : (Iterable<String>) object::fieldNames) {
            if (!known.contains(name)) {
                throw invalid("unknown option '" + shown(name) + "'; the options here are " + new TreeSet<>(known));
            }
        }
        return object;
    }

    // --- typed readers; the caller says which code a wrong value gets

    private static String text(JsonNode value, String field, String code) {
        if (!value.isTextual()) {
            throw wrongType(field, "a string", code);
        }
        return value.asText();
    }

    private static ObjectNode objectOf(JsonNode value, String field, String code) {
        if (!value.isObject()) {
            throw wrongType(field, "an object", code);
        }
        return (ObjectNode) value;
    }

    private static boolean bool(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", DataErrors.INVALID_OPTION);
        }
        return value.asBoolean();
    }

    private static int natural(ObjectNode object, String field, String code) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isInt() || value.asInt() < 0) {
            throw wrongType(field, "a whole number of 0 or more, was " + shown(value.toString()), code);
        }
        return value.asInt();
    }

    private static Set<String> strings(JsonNode value, String field, String code) {
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings", code);
        }
        Set<String> result = new LinkedHashSet<>(); // field order is the caller's
        for (JsonNode element : value) {
            result.add(text(element, field, code));
        }
        return result;
    }

    /** A client's text as a message quotes it: never the whole of a huge one. */
    private static String shown(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static SwitchboardException missing(String field) {
        return new SwitchboardException("protocol.missing-field", "the request has no '" + field + "'");
    }

    private static SwitchboardException wrongType(String field, String expected, String code) {
        return new SwitchboardException(code, "'" + field + "' must be " + expected);
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(DataErrors.INVALID_OPTION, message);
    }
}
