package io.switchboard.data.internal.mvstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.spi.StoredItem;

/**
 * How a document is kept on disk: one JSON object {@code {"c":created,"m":modified,"b":modifiedBy,
 * "v":version,"d":data}} written by Jackson. Plain JSON keeps the file readable with any tool and
 * free of Java serialization; this is the only place in the data path that serializes.
 */
final class ItemCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemCodec() {
    }

    /** Streams the record out: no tree is built around the data. */
    static byte[] encode(StoredItem item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("c", item.created());
            json.writeNumberField("m", item.modified());
            if (item.modifiedBy() != null) {
                json.writeStringField("b", item.modifiedBy());
            }
            json.writeNumberField("v", item.version());
            json.writeFieldName("d");
            JSON.writeTree(json, item.data());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static StoredItem decode(String path, byte[] bytes) {
        try {
            JsonNode record = JSON.readTree(bytes);
            JsonNode by = record.get("b");
            return new StoredItem(path, (ObjectNode) record.get("d"), record.get("c").longValue(),
                    record.get("m").longValue(), by == null ? null : by.textValue(), record.get("v").longValue());
        } catch (IOException e) {
            throw new UncheckedIOException("document at " + path + " is not readable", e);
        }
    }

    /**
     * The record's meta with empty data, read with the streaming parser without building the data's
     * tree, and without reading past the meta ({@link #encode} writes the data last): for a change
     * that reads only the current document's meta (a set that replaces it keeps its {@code created}).
     */
    static StoredItem decodeMeta(String path, byte[] bytes) {
        long created = 0;
        long modified = 0;
        long version = 0;
        String by = null;
        try (JsonParser json = JSON.getFactory().createParser(bytes)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a record is a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                if (field.equals("d")) {
                    break; // written after the meta: the data is not even read
                }
                json.nextToken();
                switch (field) {
                    case "c" -> created = json.getLongValue();
                    case "m" -> modified = json.getLongValue();
                    case "v" -> version = json.getLongValue();
                    case "b" -> by = json.getValueAsString();
                    default -> json.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("document at " + path + " is not readable", e);
        }
        return new StoredItem(path, JsonNodeFactory.instance.objectNode(), created, modified, by, version);
    }
}
