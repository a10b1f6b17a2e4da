package io.switchboard.bus;

import io.switchboard.api.errors.SwitchboardException;

/** What a topic at its {@code maxLength} does with one more message. */
public enum Overflow {
    /** Refuse it: the publisher gets {@value BusErrors#TOPIC_FULL}. */
    REJECT("reject"),
    /** Store it and drop the oldest stored message (counted in the topic's numbers). */
    DROP_OLDEST("drop-oldest");

    private final String settingName;

    Overflow(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    /** @throws SwitchboardException {@value BusErrors#INVALID_SETTING} for any other name */
    public static Overflow of(String name) {
        for (Overflow overflow : values()) {
            if (overflow.settingName.equals(name)) {
                return overflow;
            }
        }
        throw new SwitchboardException(BusErrors.INVALID_SETTING, "'overflow' must be reject or drop-oldest, was '" + BusErrors.shown(name) + "'");
    }
}
