package io.switchboard.api.mesh;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * A component's own part of the data store: every path is relative to {@code /_data/<component>}, so
 * {@code set("/readings/t1", …)} writes {@code /_data/deviceManager/readings/t1}. Documents are JSON
 * objects given and returned as maps (or mapped to a type on {@link #get(String, Class)}); patterns
 * use {@code *} for one segment and {@code **} for any number. When the runtime has no data service
 * the promises fail with {@code mesh.data-unavailable}.
 */
@ProviderType
public interface ComponentData {

    /** The absolute path this component's data lives under, e.g. {@code /_data/deviceManager}. */
    String root();

    /** Stores {@code value} (an object, or any value, which is stored as {@code {"value": v}}), replacing what was there. */
    Promise<Map<String, Object>> set(String path, Object value);

    /** Merges the value's top-level fields into the stored document. */
    Promise<Map<String, Object>> merge(String path, Object value);

    /**
     * Publishes {@code value} at {@code path} to the data subscribers (browsers and clients
     * subscribed to {@code /_data/<component>/…}) without storing it.
     */
    Promise<Void> publish(String path, Object value);

    Promise<Optional<Map<String, Object>>> get(String path);

    /** The document at {@code path} mapped to {@code type}. */
    <T> Promise<Optional<T>> get(String path, Class<T> type);

    /** The documents matching the pattern, by their path relative to {@link #root()}. */
    Promise<Map<String, Map<String, Object>>> find(String pattern);

    Promise<Long> count(String pattern);

    /** Removes the document at a path or every document matching a pattern. @return how many were removed */
    Promise<Long> remove(String pathOrPattern);
}
