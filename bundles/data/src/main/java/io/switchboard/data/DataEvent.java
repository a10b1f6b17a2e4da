package io.switchboard.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change published to subscribers: a document was set (or published without storing), or
 * documents were removed.
 *
 * <p>A remove publishes one event per call: its {@link #path()} is the path or pattern that was
 * removed, its {@link #data()} is {@code {"removed": n}} and {@link #removedPaths()} lists the
 * paths. The event is immutable and shared by every recipient; its data tree is read-only.
 */
public final class DataEvent implements ItemMeta {

    /** What happened. */
    public enum Action {
        SET, REMOVE
    }

    private final Action action;
    private final String path;
    private final JsonNode data;
    private final long created;
    private final long modified;
    private final String modifiedBy;
    private final long version;
    private final Consistency consistency;
    private final ObjectNode customMeta;
    private final String session;
    private final Set<String> targetSessions;
    private final List<String> removedPaths;
    private final boolean stored;
    private final boolean initial;

    private DataEvent(Action action, String path, JsonNode data, long created, long modified, String modifiedBy,
            long version, WriteOptions options, List<String> removedPaths, boolean stored, boolean initial) {
        this.action = action;
        this.path = path;
        this.data = data;
        this.created = created;
        this.modified = modified;
        this.modifiedBy = modifiedBy;
        this.version = version;
        this.consistency = options.consistency();
        this.customMeta = options.meta();
        this.session = options.session();
        this.targetSessions = options.targetSessions();
        this.removedPaths = removedPaths;
        this.stored = stored;
        this.initial = initial;
    }

    /** The event for a document that was stored ({@code stored=true}) or only published. */
    public static DataEvent set(Item item, WriteOptions options, boolean stored) {
        ItemMeta meta = item.meta();
        return new DataEvent(Action.SET, item.path(), item.data(), meta.created(), meta.modified(), meta.modifiedBy(),
                meta.version(), options, List.of(), stored, false);
    }

    /** The one event for a remove call that deleted {@code removedPaths}. */
    public static DataEvent remove(String pathOrPattern, List<String> removedPaths, long time, long version,
            WriteOptions options) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("removed", removedPaths.size());
        return new DataEvent(Action.REMOVE, pathOrPattern, data, time, time, options.origin(), version, options,
                List.copyOf(removedPaths), true, false);
    }

    /** An event replaying a stored document to a new subscriber that asked for the current state. */
    public static DataEvent initial(Item item) {
        ItemMeta meta = item.meta();
        return new DataEvent(Action.SET, item.path(), item.data(), meta.created(), meta.modified(), meta.modifiedBy(),
                meta.version(), WriteOptions.DEFAULTS, List.of(), true, true);
    }

    public Action action() {
        return action;
    }

    /** The document's path; for a remove, the path or pattern given to {@code remove}. */
    @Override
    public String path() {
        return path;
    }

    /** The document (for a set) or {@code {"removed": n}} (for a remove). Read-only. */
    public JsonNode data() {
        return data;
    }

    @Override
    public long created() {
        return created;
    }

    @Override
    public long modified() {
        return modified;
    }

    /** The writer's identity, when known. */
    @Override
    public String modifiedBy() {
        return modifiedBy;
    }

    @Override
    public long version() {
        return version;
    }

    public Consistency consistency() {
        return consistency;
    }

    /** The writer's custom meta, or {@code null}. Read-only. */
    public ObjectNode customMeta() {
        return customMeta;
    }

    /** The writer's session, when it has one. */
    public String session() {
        return session;
    }

    /** When not empty, only subscriptions of these sessions receive the event. */
    public Set<String> targetSessions() {
        return targetSessions;
    }

    /** For a remove: every path that was removed. Empty for a set. */
    public List<String> removedPaths() {
        return removedPaths;
    }

    /** False for {@code publish} and {@code noStore} writes. */
    public boolean stored() {
        return stored;
    }

    /** True for the current-state events a subscription with {@code initial} receives first. */
    public boolean initial() {
        return initial;
    }

    @Override
    public String toString() {
        return action + "@" + path + " v" + version + (initial ? " (initial)" : "");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataEvent e && e.action == action && e.version == version && e.path.equals(path)
                && e.initial == initial;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, path, version);
    }
}
