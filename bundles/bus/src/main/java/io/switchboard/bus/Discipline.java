package io.switchboard.bus;

import java.util.Locale;

import io.switchboard.api.errors.SwitchboardException;

/** The order in which a topic hands its messages out. */
public enum Discipline {
    /** First in, first out; per key, one consumer at a time, in publish order. */
    FIFO,
    /** Last in, first out. */
    LIFO,
    /** Higher {@code Bus-Priority} first; equal priorities first in, first out. */
    PRIORITY;

    /** The name in settings and answers: {@code fifo}, {@code lifo}, {@code priority}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws SwitchboardException {@value BusErrors#INVALID_DISCIPLINE} for any other name */
    public static Discipline of(String name) {
        for (Discipline discipline : values()) {
            if (discipline.settingName().equals(name)) {
                return discipline;
            }
        }
        throw new SwitchboardException(BusErrors.INVALID_DISCIPLINE, "unknown discipline '" + BusErrors.shown(name) + "'; the disciplines are fifo, lifo and priority");
    }
}
