package io.switchboard.bus.internal.hook;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;

/**
 * JSON records of the hooks in the data store's reserved tree (as the bus keeps its topics'
 * settings there), one per key under a prefix: they outlive a restart whatever the topics' driver.
 */
public final class RecordStore {

    private final DataService data;
    private final String prefix;

    /** @param prefix such as {@code /_SYSTEM/bus/hooks/} */
    public RecordStore(DataService data, String prefix) {
        this.data = data;
        this.prefix = prefix;
    }

    public List<JsonNode> all() {
        return await(data.find(prefix + "*", Query.ALL)).stream().<JsonNode>map(Item::data).toList();
    }

    public void put(String key, JsonNode record) {
        await(data.set(prefix + key, record, WriteOptions.DEFAULTS));
    }

    public void remove(String key) {
        await(data.remove(prefix + key, WriteOptions.DEFAULTS));
    }

    private static <T> T await(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SwitchboardException known) {
                throw known;
            }
            throw new SwitchboardException(BusErrors.STORE_FAILED, "the bus's subscriptions could not be read or written: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(BusErrors.STORE_FAILED, "interrupted while using the store");
        }
    }
}
