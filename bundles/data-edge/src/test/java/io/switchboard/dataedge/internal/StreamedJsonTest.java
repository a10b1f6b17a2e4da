package io.switchboard.dataedge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.DataEvent;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;

/**
 * Items and events written straight from the value are the bytes their trees wrote, and read as
 * trees they are those trees: a layer that looks inside one, or changes a copy, sees what it saw.
 */
class StreamedJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static ObjectNode data() {
        ObjectNode data = NODES.objectNode().put("n", 1).put("big", 12345678901L).put("f", 1.5).put("s", "\u00e9 \"q\" \n");
        data.putArray("a").add(true).addNull().add(NODES.objectNode().put("x", -0.0));
        data.putObject("o").putObject("p").putArray("q");
        return data;
    }

    private static List<StoredItem> items() {
        return List.of(new StoredItem("/a/b", data(), 1, 2, "alice", 3),
                new StoredItem("/a/\u00e9\"", NODES.objectNode(), 10, 20, null, 0),
                new StoredItem("/v", NODES.objectNode().put("value", "x"), Long.MAX_VALUE, Long.MIN_VALUE, "", Long.MAX_VALUE));
    }

    private static List<DataEvent> events() {
        StoredItem item = items().get(0);
        return List.of(DataEvent.set(item, WriteOptions.DEFAULTS, true), DataEvent.set(items().get(1), WriteOptions.DEFAULTS, false),
                DataEvent.initial(item),
                DataEvent.remove("/a/**", List.of("/a/b", "/a/\u00e9"), 5, 6, WriteOptions.DEFAULTS.withOrigin("bob")),
                DataEvent.remove("/none/*", List.of(), 5, 6, WriteOptions.DEFAULTS));
    }

    @Test
    void anItemIsWrittenAsItsTreeWasWritten() throws Exception {
        for (StoredItem item : items()) {
            assertEquals(JSON.writeValueAsString(DataJson.itemTree(item)), JSON.writeValueAsString(DataJson.item(item)));
            assertEquals(JSON.writeValueAsString(DataJson.items(List.of(item, item))),
                    "[" + JSON.writeValueAsString(DataJson.itemTree(item)) + "," + JSON.writeValueAsString(DataJson.itemTree(item)) + "]");
        }
    }

    @Test
    void anEventIsWrittenAsItsTreeWasWritten() throws Exception {
        for (DataEvent event : events()) {
            JsonNode streamed = DataJson.event(event);
            assertInstanceOf(StreamedObject.class, streamed);
            assertEquals(JSON.writeValueAsString(DataJson.eventTree(event)), JSON.writeValueAsString(streamed));
        }
    }

    @Test
    void readAsATreeItIsTheTreeAndWritesWhatItHoldsThen() throws Exception {
        for (StoredItem item : items()) {
            ObjectNode streamed = DataJson.item(item);
            assertEquals(DataJson.itemTree(item), streamed);
            assertEquals(DataJson.itemTree(item), streamed.deepCopy());
            assertEquals(item.path(), streamed.path("meta").path("path").asText());
            streamed.put("added", 1); // a reader that changes it: what it changed is what goes out
            ObjectNode expected = DataJson.itemTree(item).put("added", 1);
            assertEquals(JSON.writeValueAsString(expected), JSON.writeValueAsString(streamed));
        }
        for (DataEvent event : events()) {
            JsonNode streamed = DataJson.event(event);
            assertEquals(DataJson.eventTree(event).path("meta"), streamed.path("meta"));
            assertEquals(JSON.writeValueAsString(DataJson.eventTree(event)), JSON.writeValueAsString(streamed));
        }
    }

    @Test
    void anEventWithCustomMetaIsTheTreeItWas() throws Exception {
        ObjectNode meta = NODES.objectNode().put("initial", "mine").put("path", "not the path").put("tag", 7);
        DataEvent event = DataEvent.set(items().get(0), WriteOptions.DEFAULTS.withMeta(meta), true);
        assertEquals(JSON.writeValueAsString(DataJson.eventTree(event)), JSON.writeValueAsString(DataJson.event(event)));
    }
}
