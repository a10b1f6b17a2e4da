package io.switchboard.bus.schedule;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/** What a schedule does with firings it missed while the runtime was down (the {@code missed} field). */
enum Missed {
    /** Fire once at start, for the first due time missed; the others are dropped. The default. */
    FIRE_ONCE("fire-once"),
    /** Drop them all; the next firing is the next due time from now. */
    SKIP("skip");

    private final String settingName;

    Missed(String settingName) {
        this.settingName = settingName;
    }

    String settingName() {
        return settingName;
    }

    static Missed of(String name) {
        for (Missed missed : values()) {
            if (missed.settingName.equals(name)) {
                return missed;
            }
        }
        throw new SwitchboardException(BusErrors.INVALID_SCHEDULE, "'missed' is fire-once or skip, was '" + BusErrors.shown(name) + "'");
    }
}
