package io.switchboard.data;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The path-keyed document store. Registered as an OSGi service by the data bundle.
 *
 * <p>Patterns follow {@link io.switchboard.data.path.PathPattern}: {@code *} is one segment,
 * {@code **} zero or more. Writes go to the storage provider whose pattern matches the path most
 * specifically, then to subscribers, honouring the write's {@link Consistency}.
 */
@ProviderType
public interface DataService {

    /**
     * Stores {@code value} at {@code path}, replacing the document (or merging into it with
     * {@link WriteOptions#merge()}), then publishes a SET event. A value that is not an object is
     * stored as {@code {"value": value}}. The value tree is not copied: do not change it afterwards.
     */
    Promise<WriteResult> set(String path, JsonNode value, WriteOptions options);

    default Promise<WriteResult> set(String path, JsonNode value) {
        return set(path, value, WriteOptions.DEFAULTS);
    }

    /** The document at an exact path, or empty. */
    Promise<Optional<Item>> get(String path);

    /**
     * Whether reading this path, or the paths this pattern matches, may wait for another process
     * (a provider that asks a database): a caller that must not wait (a thread reading many
     * connections) reads such paths elsewhere. The default, true, is the safe answer.
     *
     * @since 1.2
     */
    default boolean readMayWait(String pathOrPattern) {
        return true;
    }

    /** The documents whose path matches the pattern (an exact path is a pattern too) and the query. */
    Promise<List<Item>> find(String pattern, Query query);

    /** How many documents match the pattern and the criteria ({@code null} for all). */
    Promise<Long> count(String pattern, ObjectNode criteria);

    /**
     * Removes the document at a path, or every document matching a pattern (and
     * {@link WriteOptions#criteria()}), and publishes one REMOVE event saying how many were removed.
     */
    Promise<WriteResult> remove(String pathOrPattern, WriteOptions options);

    /**
     * Adds {@code by} to the number at {@code field} (a dotted path) of the document at {@code path},
     * atomically: concurrent increments never lose an update. A missing document or field starts at
     * 0. Integers stay integers unless {@code by} has a fraction.
     */
    Promise<WriteResult> increment(String path, String field, double by, WriteOptions options);

    /** Publishes {@code value} as a SET event without storing it. */
    Promise<WriteResult> publish(String path, JsonNode value, WriteOptions options);
}
