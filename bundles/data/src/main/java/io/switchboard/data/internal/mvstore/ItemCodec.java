package io.switchboard.data.internal.mvstore;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    static byte[] encode(StoredItem item) {
        ObjectNode record = JSON.createObjectNode();
        record.put("c", item.created());
        record.put("m", item.modified());
        if (item.modifiedBy() != null) {
            record.put("b", item.modifiedBy());
        }
        record.put("v", item.version());
        record.set("d", item.data());
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
