package io.switchboard.subscription;

import io.switchboard.data.DataEvent;

/** Which events a subscription receives. */
public enum EventType {
    SET, REMOVE, ALL;

    /** Whether an event with this action is wanted. */
    public boolean accepts(DataEvent.Action action) {
        return this == ALL || (this == SET) == (action == DataEvent.Action.SET);
    }
}
