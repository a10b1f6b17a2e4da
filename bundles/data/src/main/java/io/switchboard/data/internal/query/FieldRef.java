package io.switchboard.data.internal.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.Item;
import io.switchboard.data.ItemMeta;

/**
 * A field named in criteria, sort or projection: a dotted path into the document, or one of the
 * meta fields ({@code _meta.path}, {@code _meta.created}, {@code _meta.modified},
 * {@code _meta.modifiedBy}, {@code _meta.version}). {@code _data.} forces a data field, for
 * documents that have a field called {@code _meta}.
 */
public final class FieldRef {

    private enum Meta {
        PATH, CREATED, MODIFIED, MODIFIED_BY, VERSION
    }

    private final String name;
    private final Meta meta;
    private final String[] dataPath;

    private FieldRef(String name, Meta meta, String[] dataPath) {
        this.name = name;
        this.meta = meta;
        this.dataPath = dataPath;
    }

    /**
     * @param code the error code to raise when the name is malformed
     */
    public static FieldRef parse(String name, String code) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new SwitchboardException(code, "invalid field name '" + name + "': use dotted names such as 'address.city' or '_meta.modified'");
        }
        if (name.startsWith("_meta.")) {
            Meta meta = switch (name.substring(6)) {
                case "path" -> Meta.PATH;
                case "created" -> Meta.CREATED;
                case "modified" -> Meta.MODIFIED;
                case "modifiedBy" -> Meta.MODIFIED_BY;
                case "version" -> Meta.VERSION;
                default -> throw new SwitchboardException(code,
                        "unknown meta field '" + name + "': the meta fields are _meta.path, _meta.created, _meta.modified, _meta.modifiedBy, _meta.version");
            };
            return new FieldRef(name, meta, null);
        }
        String data = name.startsWith("_data.") ? name.substring(6) : name;
        return new FieldRef(name, null, data.split("\\."));
    }

    public String name() {
        return name;
    }

    public boolean isMeta() {
        return meta != null;
    }

    /** The data path's segments; empty for a meta field. */
    public String[] dataPath() {
        return dataPath == null ? new String[0] : dataPath.clone();
    }

    /** The field's value in the item, or a {@link MissingNode}. */
    public JsonNode resolve(Item item) {
        if (meta != null) {
            return metaValue(item.meta());
        }
        JsonNode node = item.data();
        for (String segment : dataPath) {
            if (node.isObject()) {
                node = node.path(segment);
            } else if (node.isArray() && isIndex(segment)) {
                node = node.path(Integer.parseInt(segment));
            } else {
                return MissingNode.getInstance();
            }
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }

    private JsonNode metaValue(ItemMeta m) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (meta) {
            case PATH -> f.textNode(m.path());
            case CREATED -> f.numberNode(m.created());
            case MODIFIED -> f.numberNode(m.modified());
            case MODIFIED_BY -> m.modifiedBy() == null ? MissingNode.getInstance() : f.textNode(m.modifiedBy());
            case VERSION -> f.numberNode(m.version());
        };
    }

    private static boolean isIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (!Character.isDigit(segment.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
