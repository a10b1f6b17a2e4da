package io.switchboard.cluster.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.cluster.internal.call.NotSendable;
import io.switchboard.data.Consistency;
import io.switchboard.data.DataEvent;
import io.switchboard.data.PublishResults;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribedPattern;

/** A data event crosses with everything its subscribers and the publisher read. */
class DataCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSetCrossesWithItsMetaOptionsAndOrderNumbers() throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree("{\"temp\":21,\"tags\":[\"a\"]}");
        ObjectNode meta = (ObjectNode) JSON.readTree("{\"source\":\"sensor\"}");
        DataEvent sent = DataEvent.set(new StoredItem("/d/t1", data, 10, 20, "user:alice", 42),
                WriteOptions.DEFAULTS.withConsistency(Consistency.ACKNOWLEDGED).withMeta(meta).withSession("s1").withTargetSessions(Set.of("s2")),
                true);
        DataCodec.Incoming got = DataCodec.readEvent(DataCodec.event(7, 99, DataCodec.eventBody(sent)));
        assertEquals(7, got.epoch());
        assertEquals(99, got.sequence());
        DataEvent event = got.event();
        assertEquals(sent, event);
        assertEquals(data, event.data());
        assertEquals(List.of(10L, 20L, 42L), List.of(event.created(), event.modified(), event.version()));
        assertEquals("user:alice", event.modifiedBy());
        assertEquals(Consistency.ACKNOWLEDGED, event.consistency());
        assertEquals(meta, event.customMeta());
        assertEquals("s1", event.session());
        assertEquals(Set.of("s2"), event.targetSessions());
        assertTrue(event.stored());
    }

    @Test
    void aRemoveCrossesWithTheRemovedPaths() throws Exception {
        DataEvent sent = DataEvent.remove("/d/*", List.of("/d/a", "/d/b"), 30, 43, WriteOptions.DEFAULTS.withOrigin("user:bob"));
        DataEvent event = DataCodec.readEvent(DataCodec.event(1, 0, DataCodec.eventBody(sent))).event();
        assertEquals(DataEvent.Action.REMOVE, event.action());
        assertEquals(List.of("/d/a", "/d/b"), event.removedPaths());
        assertEquals(2, event.data().path("removed").asInt());
        assertEquals("user:bob", event.modifiedBy());
        assertEquals(43, event.version());
    }

    @Test
    void resultsPatternsAndTheKindByteCross() throws Exception {
        PublishResults results = new PublishResults(3, 2, 1, 4, 2);
        assertEquals(results, DataCodec.readResults(DataCodec.results(results)));
        var record = DataRoutes.record(5, Set.of(new SubscribedPattern("/x/**", EventType.REMOVE)));
        byte[] patterns = DataCodec.patterns(record);
        assertEquals(record, DataCodec.readPatterns(patterns));
        assertTrue(DataCodec.isData(patterns));
        assertTrue(!DataCodec.isData("{\"c\":\"probeTarget\"}".getBytes()), "a call is not data");
        assertThrows(NotSendable.class, () -> DataCodec.readEvent(new byte[] {'D', 1, 2}));
        assertThrows(NotSendable.class, () -> DataCodec.readEvent(DataCodec.event(1, 1, "{\"a\":\"set\",\"p\":\"/x\",\"k\":\"NOPE\"}".getBytes())));
        assertArrayEquals(new byte[] {'D', 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, '{', '}'}, DataCodec.event(1, 2, "{}".getBytes()));
    }
}
