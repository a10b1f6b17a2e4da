package io.switchboard.bus.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.route.MessageFilter;
import io.switchboard.data.DataService;
import io.switchboard.data.Item;
import io.switchboard.data.WriteOptions;

/**
 * The filters of consumer groups: fixed when a group is made (by the first lease, stream or
 * subscription that names one), then applied to every lease of the group. Kept in the data store
 * ({@code /_SYSTEM/bus/groups/<topic>/<group>}), so that they outlive a restart and every runtime
 * sharing the store and a driver applies them; each runtime reads a group's once, at its first
 * lease of the group there. Bounded as the groups are ({@code maxGroupsPerTopic}).
 */
final class GroupFilters {

    private static final StoreAwait FILTERS = new StoreAwait("the bus's group filters");

    static final String GROUPS = "/_SYSTEM/bus/groups/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataService data;
    /** Topic → group → its filter, or empty for a group known to have none. */
    private final Map<String, Map<String, Optional<MessageFilter>>> known = new ConcurrentHashMap<>();

    GroupFilters(DataService data) {
        this.data = data;
    }

    /** The group's filter, read from the store the first time this runtime asks. */
    Optional<MessageFilter> of(String topic, String group) {
        return known.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(group, g -> {
            Optional<Item> item = FILTERS.await(data.get(GROUPS + topic + "/" + group));
            return item.map(Item::data).filter(json -> json.has("filter")).map(json -> MessageFilter.parse(json.get("filter")));
        });
    }

    /**
     * Gives a group that does not exist yet its filter, or checks that an existing group has this one.
     *
     * @param exists whether the group was made already (with or without a filter)
     * @throws SwitchboardException {@value BusErrors#GROUP_FILTER_CONFLICT} when the group has another filter, or none
     */
    synchronized void fix(String topic, String group, MessageFilter filter, boolean exists) {
        Optional<MessageFilter> fixed = of(topic, group);
        if (fixed.isPresent()) {
            if (!fixed.get().json().equals(filter.json())) {
                throw new SwitchboardException(BusErrors.GROUP_FILTER_CONFLICT, "group '" + group + "' of topic '" + topic + "' was made with another"
                        + " filter, " + fixed.get().json() + "; a group's filter is fixed when it is made: use another group");
            }
            return;
        }
        if (exists) {
            throw new SwitchboardException(BusErrors.GROUP_FILTER_CONFLICT, "group '" + group + "' of topic '" + topic + "' was made without a"
                    + " filter; a group's filter is fixed when it is made: use another group");
        }
        FILTERS.await(data.set(GROUPS + topic + "/" + group, JSON.createObjectNode().set("filter", filter.json()), WriteOptions.DEFAULTS));
        known.get(topic).put(group, Optional.of(filter));
    }

    /** A deleted topic's groups go with it. */
    void forget(String topic) {
        known.remove(topic);
        FILTERS.await(data.remove(GROUPS + topic + "/*", WriteOptions.DEFAULTS));
    }
}
