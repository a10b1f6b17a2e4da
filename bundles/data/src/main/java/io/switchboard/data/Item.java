package io.switchboard.data;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored document. Values that are not JSON objects are stored wrapped as {@code {"value": v}}.
 * The data tree is shared: treat it as read-only.
 */
@ProviderType
public interface Item {

    /** The document's path. */
    String path();

    /** The document (shared, read-only by contract). */
    ObjectNode data();

    /** Path, created, modified, modifiedBy, version. */
    ItemMeta meta();
}
