package io.switchboard.bus.internal.hook;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.bus.internal.StoreAwait;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * JSON records of the hooks in the data store's reserved tree (as the bus keeps its topics'
 * settings there), one per key under a prefix: they outlive a restart whatever the topics' driver.
 */
public final class RecordStore {

    private static final StoreAwait RECORDS = new StoreAwait("the bus's subscriptions");

    private final DataService data;
    private final String prefix;

    /** @param prefix such as {@code /_SYSTEM/bus/hooks/} */
    public RecordStore(DataService data, String prefix) {
        this.data = data;
        this.prefix = prefix;
    }

    public List<JsonNode> all() {
        return RECORDS.await(data.find(prefix + "*", Query.ALL)).stream().<JsonNode>map(Item::data).toList();
    }

    public void put(String key, JsonNode record) {
        RECORDS.await(data.set(prefix + key, record, WriteOptions.DEFAULTS));
    }

    public void remove(String key) {
        RECORDS.await(data.remove(prefix + key, WriteOptions.DEFAULTS));
    }
}
