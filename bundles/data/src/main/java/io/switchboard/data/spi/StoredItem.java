package io.switchboard.data.spi;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.Item;
import io.switchboard.data.ItemMeta;

/**
 * A document as providers keep it: data plus meta in one immutable object, which is also what
 * readers get back (it is its own {@link ItemMeta}, so reading costs no extra allocation).
 */
public final class StoredItem implements Item, ItemMeta {

    private final String path;
    private final ObjectNode data;
    private final long created;
    private final long modified;
    private final String modifiedBy;
    private final long version;

    public StoredItem(String path, ObjectNode data, long created, long modified, String modifiedBy, long version) {
        this.path = Objects.requireNonNull(path, "path");
        this.data = Objects.requireNonNull(data, "data");
        this.created = created;
        this.modified = modified;
        this.modifiedBy = modifiedBy;
        this.version = version;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public ObjectNode data() {
        return data;
    }

    @Override
    public ItemMeta meta() {
        return this;
    }

    @Override
    public long created() {
        return created;
    }

    @Override
    public long modified() {
        return modified;
    }

    @Override
    public String modifiedBy() {
        return modifiedBy;
    }

    @Override
    public long version() {
        return version;
    }

    /** The same meta with other data; used by projections. */
    public StoredItem withData(ObjectNode other) {
        return new StoredItem(path, other, created, modified, modifiedBy, version);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredItem s && s.path.equals(path) && s.version == version && s.created == created
                && s.modified == modified && Objects.equals(s.modifiedBy, modifiedBy) && s.data.equals(data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, version);
    }

    @Override
    public String toString() {
        return path + " v" + version + " " + data;
    }
}
