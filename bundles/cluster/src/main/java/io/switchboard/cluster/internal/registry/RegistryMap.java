package io.switchboard.cluster.internal.registry;

import java.util.Map;

/** The replicated registry: node name to that node's record (JSON). A Hazelcast ReplicatedMap in a cluster. */
public interface RegistryMap {

    void put(String node, String record);

    String get(String node);

    void remove(String node);

    /** Every entry, as this member holds them now. */
    Map<String, String> entries();
}
