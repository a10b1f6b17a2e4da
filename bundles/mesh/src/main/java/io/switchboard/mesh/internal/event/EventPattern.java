package io.switchboard.mesh.internal.event;

import io.switchboard.api.errors.SwitchboardException;

/**
 * A pattern over {@code /}-separated event names with the same rule as data paths: {@code *} is
 * exactly one segment, {@code **} zero or more, anything else matches itself.
 */
public final class EventPattern {

    private final String source;
    private final String[] segments;

    private EventPattern(String source, String[] segments) {
        this.source = source;
        this.segments = segments;
    }

    /** @throws SwitchboardException {@code mesh.invalid-event-pattern} for empty patterns or segments */
    public static EventPattern compile(String pattern) {
        String trimmed = pattern == null ? "" : pattern.strip();
        String body = trimmed.startsWith("/") ? trimmed.substring(1) : trimmed;
        String[] segments = body.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || (segment.contains("*") && !segment.equals("*") && !segment.equals("**"))) {
                throw new SwitchboardException("mesh.invalid-event-pattern", "'" + pattern
                        + "' is not an event pattern: segments are separated by single '/', and '*' or '**' stand alone in a segment");
            }
        }
        return new EventPattern(trimmed, segments);
    }

    public boolean matches(String eventName) {
        String body = eventName.startsWith("/") ? eventName.substring(1) : eventName;
        return match(0, body.split("/", -1), 0);
    }

    private boolean match(int p, String[] name, int n) {
        if (p == segments.length) {
            return n == name.length;
        }
        if (segments[p].equals("**")) {
            for (int skip = n; skip <= name.length; skip++) {
                if (match(p + 1, name, skip)) {
                    return true;
                }
            }
            return false;
        }
        return n < name.length && (segments[p].equals("*") || segments[p].equals(name[n])) && match(p + 1, name, n + 1);
    }

    @Override
    public String toString() {
        return source;
    }
}
