package io.switchboard.bus.internal;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;

/**
 * The rule for a message's publish options (priority, key, dedup id, delay), for the three edges
 * that take them: HTTP headers ({@code Bus-Priority} ...), a batch entry's fields and the WebSocket
 * actions' {@code options}. Each edge only maps its input here, under the name its client wrote
 * ({@code "Bus-Priority"} or {@code "priority"}), so that a bad option gets the same code and the
 * same message whichever way it came. The upper bound of a delay ({@code maxDelayMillis}) is the
 * bus's, checked at the publish.
 */
public final class PublishOptions {

    /** The most characters of a key or a dedup id. */
    public static final int MAX_TEXT_CHARS = 256;

    private PublishOptions() {
    }

    /** A header's priority: absent is the default. */
    public static int priority(String name, String header) {
        return header == null ? Outgoing.DEFAULT_PRIORITY : priority(name, wholeNumber(header.trim()), "'" + BusErrors.shown(header) + "'");
    }

    /** A JSON field's priority: absent (or null) is the default. */
    public static int priority(String name, JsonNode field) {
        return absent(field) ? Outgoing.DEFAULT_PRIORITY : priority(name, wholeNumber(field), BusErrors.shown(field.toString()));
    }

    /** A header's delay: absent is 0. */
    public static long delayMillis(String name, String header) {
        return header == null ? 0 : delayMillis(name, wholeNumber(header.trim()), "'" + BusErrors.shown(header) + "'");
    }

    /** A JSON field's delay: absent (or null) is 0. */
    public static long delayMillis(String name, JsonNode field) {
        return absent(field) ? 0 : delayMillis(name, wholeNumber(field), BusErrors.shown(field.toString()));
    }

    /** A key or dedup id from a header: absent is null. */
    public static String text(String name, String header) {
        if (header != null && (header.isEmpty() || header.length() > MAX_TEXT_CHARS)) {
            throw badText(name);
        }
        return header;
    }

    /** A key or dedup id from a JSON field: absent (or null) is null. */
    public static String text(String name, JsonNode field) {
        if (absent(field)) {
            return null;
        }
        if (!field.isTextual()) {
            throw badText(name);
        }
        return text(name, field.asText());
    }

    private static int priority(String name, Long number, String shown) {
        if (number == null || number < 0 || number > Outgoing.MAX_PRIORITY) {
            throw new SwitchboardException(BusErrors.INVALID_PRIORITY, name + " is a whole number from 0 to " + Outgoing.MAX_PRIORITY
                    + " (higher first), was " + shown);
        }
        return number.intValue();
    }

    private static long delayMillis(String name, Long number, String shown) {
        if (number == null || number < 0) {
            throw new SwitchboardException(BusErrors.INVALID_HEADER, name + " is a whole number of milliseconds, 0 or more, was " + shown);
        }
        return number;
    }

    private static SwitchboardException badText(String name) {
        return new SwitchboardException(BusErrors.INVALID_HEADER, name + " is a string of 1 to " + MAX_TEXT_CHARS + " characters");
    }

    private static boolean absent(JsonNode field) {
        return field == null || field.isNull();
    }

    private static Long wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long wholeNumber(JsonNode field) {
        return field.isIntegralNumber() && field.canConvertToLong() ? field.asLong() : null;
    }
}
