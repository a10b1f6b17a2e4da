package io.switchboard.cluster.internal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.switchboard.cluster.internal.registry.DataRecord;
import io.switchboard.data.DataEvent;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.subscription.EventType;
import io.switchboard.subscription.SubscribedPattern;

/** An event goes to the nodes with a matching pattern only; the newer of a node's lists wins. */
class DataRoutesTest {

    private final DataRoutes routes = new DataRoutes();

    private static DataEvent set(String path) {
        return DataEvent.set(new StoredItem(path, JsonNodeFactory.instance.objectNode(), 1, 1, "u", 1), WriteOptions.DEFAULTS, true);
    }

    private static DataEvent remove(String pattern, String... paths) {
        return DataEvent.remove(pattern, List.of(paths), 1, 2, WriteOptions.DEFAULTS);
    }

    private List<String> nodesFor(DataEvent event) {
        List<String> nodes = new ArrayList<>();
        routes.nodesFor(event, nodes::add);
        nodes.sort(null);
        return nodes;
    }

    @Test
    void onlyNodesWithAMatchingPatternAndEventTypeGetAnEvent() {
        routes.offer("b", DataRoutes.record(1, Set.of(new SubscribedPattern("/d/**", EventType.ALL), new SubscribedPattern("/e/*", EventType.SET))));
        routes.offer("c", DataRoutes.record(1, Set.of(new SubscribedPattern("/e/*", EventType.REMOVE))));
        routes.offer("d", DataRoutes.record(1, Set.of(new SubscribedPattern("/**", EventType.ALL))));
        assertEquals(List.of("b", "d"), nodesFor(set("/d/x/y")));
        assertEquals(List.of("b", "d"), nodesFor(set("/e/1")));
        assertEquals(List.of("c", "d"), nodesFor(remove("/e/*", "/e/1", "/e/2")));
        assertEquals(List.of("d"), nodesFor(set("/f")));
        assertEquals(List.of(), nodesFor(set("/_SYSTEM/security/users/x")), "wildcards do not reach the reserved tree");
        routes.offer("e", DataRoutes.record(1, Set.of(new SubscribedPattern("/_SYSTEM/security/**", EventType.ALL))));
        assertEquals(List.of("e"), nodesFor(set("/_SYSTEM/security/users/x")));
    }

    @Test
    void theNewerListWinsWhicheverWayItCameAndNodesThatLeftAreDropped() {
        routes.offer("b", DataRoutes.record(5, Set.of(new SubscribedPattern("/new/*", EventType.ALL))));
        routes.retain(Map.of("b", DataRoutes.record(4, Set.of(new SubscribedPattern("/old/*", EventType.ALL))), "c", DataRecord.NONE));
        assertEquals(List.of("b"), nodesFor(set("/new/1")), "the record lags behind the pushed list");
        assertEquals(List.of(), nodesFor(set("/old/1")));
        routes.retain(Map.of("b", DataRoutes.record(6, Set.of())));
        assertEquals(List.of(), nodesFor(set("/new/1")), "b's last subscription ended");
        routes.retain(Map.of());
        assertEquals(Set.of(), routes.nodes());
    }

    @Test
    void aPatternThisVersionCannotReadLeavesTheRestOfTheListInPlace() {
        routes.offer("b", new DataRecord(1, List.of(new DataRecord.Pattern("not a pattern", "all"), new DataRecord.Pattern("/ok/*", "later"),
                new DataRecord.Pattern("/ok/*", "set"))));
        assertEquals(List.of("b"), nodesFor(set("/ok/1")));
    }
}
