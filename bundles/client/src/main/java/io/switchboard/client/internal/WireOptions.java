package io.switchboard.client.internal;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.Consistency;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribeOptions;

/** The in-JVM option types written as switchboard.v1 {@code options} (docs/protocol.md); defaults are left out. */
final class WireOptions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireOptions() {
    }

    static ObjectNode write(WriteOptions options) {
        ObjectNode json = NODES.objectNode();
        if (options.merge()) {
            json.put("merge", true);
        }
        if (options.noPublish()) {
            json.put("noPublish", true);
        }
        if (options.noStore()) {
            json.put("noStore", true);
        }
        if (!options.targetSessions().isEmpty()) {
            options.targetSessions().forEach(json.putArray("targetSessions")::add);
        }
        if (options.meta() != null) {
            json.set("meta", options.meta());
        }
        if (options.consistency() != Consistency.TRANSACTIONAL) {
            json.put("consistency", options.consistency().name().toLowerCase(Locale.ROOT));
        }
        if (options.criteria() != null) {
            json.set("criteria", options.criteria());
        }
        return json;
    }

    static ObjectNode query(Query query) {
        ObjectNode json = NODES.objectNode();
        if (query.criteria() != null) {
            json.set("criteria", query.criteria());
        }
        if (!query.sort().isEmpty()) {
            ObjectNode sort = json.putObject("sort");
            query.sort().forEach(s -> sort.put(s.field(), s.ascending() ? 1 : -1));
        }
        if (query.skip() > 0) {
            json.put("skip", query.skip());
        }
        if (query.limit() > 0) {
            json.put("limit", query.limit());
        }
        if (!query.fields().isEmpty()) {
            query.fields().forEach(json.putArray("fields")::add);
        }
        return json;
    }

    static ObjectNode subscribe(SubscribeOptions options) {
        ObjectNode json = NODES.objectNode();
        if (options.eventType() != EventType.ALL) {
            json.put("eventType", options.eventType().name().toLowerCase(Locale.ROOT));
        }
        if (options.count() > 0) {
            json.put("count", options.count());
        }
        if (options.initial()) {
            json.put("initial", true);
        }
        if (options.depth() > 0) {
            json.put("depth", options.depth());
        }
        if (options.meta() != null) {
            json.set("meta", options.meta());
        }
        return json;
    }
}
