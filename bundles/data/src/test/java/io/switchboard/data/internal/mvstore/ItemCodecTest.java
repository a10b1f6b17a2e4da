package io.switchboard.data.internal.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.spi.StoredItem;

/** The record a document is kept as on disk, and the meta read without its data. */
class ItemCodecTest {

    private static final String PATH = "/a/b";

    @Test
    void theRecordKeepsTheFormatEarlierVersionsWroteSoTheirFilesStillOpen() {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("n", 1).put("s", "x\"y");
        StoredItem item = new StoredItem(PATH, data, 10, 20, "alice", 30);

        byte[] bytes = ItemCodec.encode(item);

        assertEquals("{\"c\":10,\"m\":20,\"b\":\"alice\",\"v\":30,\"d\":{\"n\":1,\"s\":\"x\\\"y\"}}", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(item, ItemCodec.decode(PATH, bytes));
    }

    @Test
    void theMetaIsTheSameAsAFullDecodeGives() {
        StoredItem full = ItemCodec.decode(PATH, ItemCodec.encode(new StoredItem(PATH,
                JsonNodeFactory.instance.objectNode().put("n", 1), 10, 20, "alice", 30)));
        StoredItem meta = ItemCodec.decodeMeta(PATH, ItemCodec.encode(full));
        assertEquals(full.created(), meta.created());
        assertEquals(full.modified(), meta.modified());
        assertEquals(full.modifiedBy(), meta.modifiedBy());
        assertEquals(full.version(), meta.version());
        assertTrue(meta.data().isEmpty(), "the data was decoded");

        StoredItem anonymous = ItemCodec.decodeMeta(PATH, ItemCodec.encode(new StoredItem(PATH,
                JsonNodeFactory.instance.objectNode(), 1, 2, null, 3)));
        assertNull(anonymous.modifiedBy());
    }

    /** Data that would not even parse shows that the meta read stops before it. */
    @Test
    void theMetaIsReadWithoutReadingTheData() {
        byte[] record = "{\"c\":10,\"m\":20,\"v\":30,\"d\":{not json at all".getBytes(StandardCharsets.UTF_8);

        StoredItem meta = ItemCodec.decodeMeta(PATH, record);

        assertEquals(10, meta.created());
        assertEquals(30, meta.version());
        assertThrows(UncheckedIOException.class, () -> ItemCodec.decode(PATH, record));
    }
}
