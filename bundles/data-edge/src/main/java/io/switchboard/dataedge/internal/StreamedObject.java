package io.switchboard.dataedge.internal;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON object the data edge answers with (an item, an event) that writes itself straight to the
 * generator from the value it describes: answering a get or a set, or publishing a change, builds
 * no tree just to serialise it. It is still an {@link ObjectNode} for whatever reads it as one (a
 * layer, the HTTP edge, a test): its fields are built once, the first time something looks at
 * them, from the same value; after that it writes those fields, since a reader may have changed them.
 */
final class StreamedObject extends ObjectNode {

    private static final long serialVersionUID = 1L;

    /** How the object writes itself, start and end included. */
    interface Writing {
        void write(JsonGenerator generator, SerializerProvider provider) throws IOException;
    }

    private final transient Writing writing;
    private final transient LazyFields fields;

    StreamedObject(Supplier<ObjectNode> tree, Writing writing) {
        this(new LazyFields(tree), writing);
    }

    private StreamedObject(LazyFields fields, Writing writing) {
        super(JsonNodeFactory.instance, fields);
        this.fields = fields;
        this.writing = writing;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        if (fields.built()) {
            super.serialize(generator, provider);
        } else {
            writing.write(generator, provider);
        }
    }

    /** A node written as itself (a tree of the client's data), or null as the tree would hold it. */
    static void value(JsonGenerator generator, SerializerProvider provider, JsonNode node) throws IOException {
        if (node == null) {
            generator.writeNull();
        } else {
            ((JsonSerializable) node).serialize(generator, provider);
        }
    }

    /**
     * The fields, built on first use from the tree the supplier makes; thread-safe, since one
     * event object goes to every subscriber's session.
     */
    private static final class LazyFields extends AbstractMap<String, JsonNode> {

        private final Supplier<ObjectNode> tree;
        private volatile Map<String, JsonNode> built;

        LazyFields(Supplier<ObjectNode> tree) {
            this.tree = tree;
        }

        boolean built() {
            return built != null;
        }

        private Map<String, JsonNode> fields() {
            Map<String, JsonNode> fields = built;
            if (fields == null) {
                synchronized (this) {
                    fields = built;
                    if (fields == null) {
                        fields = new LinkedHashMap<>();
                        for (Map.Entry<String, JsonNode> field : tree.get().properties()) {
                            fields.put(field.getKey(), field.getValue());
                        }
                        built = fields;
                    }
                }
            }
            return fields;
        }

        @Override
        public Set<Map.Entry<String, JsonNode>> entrySet() {
            return fields().entrySet();
        }

        @Override
        public JsonNode get(Object key) {
            return fields().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return fields().containsKey(key);
        }

        @Override
        public JsonNode put(String key, JsonNode value) {
            return fields().put(key, value);
        }

        @Override
        public JsonNode remove(Object key) {
            return fields().remove(key);
        }

        @Override
        public int size() {
            return fields().size();
        }

        @Override
        public void clear() {
            fields().clear();
        }
    }
}
