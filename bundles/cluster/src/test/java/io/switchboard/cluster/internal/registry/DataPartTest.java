package io.switchboard.cluster.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The data part's seam in the cluster state: this node's patterns go into its record, the other live nodes' come out. */
class DataPartTest {

    private final Map<String, String> map = new ConcurrentHashMap<>();
    private final List<MemberInfo> live = new ArrayList<>();
    private final AtomicReference<Map<String, DataRecord>> heard = new AtomicReference<>();
    private DataRecord mine = new DataRecord(7, List.of(new DataRecord.Pattern("/d/**", "all")));

    private final ClusterState state = new ClusterState("a", () -> List.copyOf(live), new RegistryMap() {
        @Override
        public void put(String node, String record) {
            map.put(node, record);
        }

        @Override
        public String get(String node) {
            return map.get(node);
        }

        @Override
        public void remove(String node) {
            map.remove(node);
        }

        @Override
        public Map<String, String> entries() {
            return Map.copyOf(map);
        }
    }, new FakeMesh(new ArrayList<>()), (node, instance) -> null, new Peers() {
        @Override
        public void joined(String node) {
        }

        @Override
        public void left(String node) {
        }
    }, Clock.systemUTC(), names -> { });

    private static MemberInfo member(String node, String id, boolean local) {
        return new MemberInfo(node, id, "127.0.0.1:" + (5700 + node.charAt(0)), null, local);
    }

    @Test
    void thisNodesPatternsAreInItsRecordAndTheOtherLiveNodesAreToldWithTheirs() {
        state.dataPart(() -> mine, heard::set);
        live.add(member("a", "m-a", true));
        live.add(member("b", "m-b", false));
        live.add(member("c", "m-c", false));
        DataRecord bData = new DataRecord(3, List.of(new DataRecord.Pattern("/x/*", "set")));
        map.put("b", Records.write(new NodeRecord("b", "m-b", "127.0.0.1:5798", "up", 1, 1, List.of(), List.of(), bData)));
        map.put("c", "{\"node\":\"c\",\"member\":\"m-c\",\"address\":\"127.0.0.1:5799\",\"state\":\"up\",\"since\":1,\"revision\":1,\"instances\":[]}");
        state.reconcile();
        assertEquals(mine, Records.read(map.get("a")).data());
        assertEquals(Map.of("b", bData, "c", DataRecord.NONE), heard.get(), "c is an older node: no data field, no patterns");

        mine = new DataRecord(8, List.of());
        live.remove(2);
        state.reconcile();
        assertEquals(mine, Records.read(map.get("a")).data(), "a change of the patterns publishes the record again");
        assertEquals(Map.of("b", bData), heard.get(), "c left");
    }
}
