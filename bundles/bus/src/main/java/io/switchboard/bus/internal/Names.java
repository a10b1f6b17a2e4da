package io.switchboard.bus.internal;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;

/**
 * The bus's names: topics and groups are 1 to 128 of letters, digits, {@code . _ -}, starting with
 * a letter or digit (one path segment in the permission tree, safe in URLs and Redis keys); a
 * message id is {@code <topic>~<sequence>}.
 */
public final class Names {

    /** The longest name. */
    private static final int MAX_NAME_CHARS = 128;
    private static final char SEPARATOR = '~';

    /** A topic's place in the permission tree. */
    public static final String TOPICS_PATH = "/_bus/topics/";

    private Names() {
    }

    public static String topic(String name) {
        if (name == null || !isName(name, name.length())) {
            throw new SwitchboardException(BusErrors.INVALID_TOPIC_NAME, "a topic name is 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; '" + BusErrors.shown(name) + "' is not one");
        }
        return name;
    }

    public static String group(String name) {
        if (name == null) {
            return io.switchboard.bus.Bus.DEFAULT_GROUP;
        }
        if (!isName(name, name.length())) {
            throw new SwitchboardException(BusErrors.INVALID_GROUP, "a group name is 1 to 128 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; '" + BusErrors.shown(name) + "' is not one");
        }
        return name;
    }

    public static String messageId(String topic, long sequence) {
        return topic + SEPARATOR + sequence;
    }

    /** A message id's parts. */
    public record MessageId(String topic, long sequence) {
    }

    /** @throws SwitchboardException {@value BusErrors#UNKNOWN_MESSAGE} for what is not a message id */
    public static MessageId parse(String id) {
        int at = id == null ? -1 : id.lastIndexOf(SEPARATOR);
        if (at > 0 && isName(id, at)) {
            try {
                long sequence = Long.parseLong(id.substring(at + 1));
                if (sequence > 0) {
                    return new MessageId(id.substring(0, at), sequence);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new SwitchboardException(BusErrors.UNKNOWN_MESSAGE, "'" + BusErrors.shown(id) + "' is not a message id (they read <topic>~<number>)");
    }

    /**
     * Whether the first {@code length} characters of {@code text} are a name: checked by hand, not by a
     * regular expression, as every ack and lease checks one or more (a matcher per check cost more
     * than the rest of the check).
     */
    static boolean isName(String text, int length) {
        if (length < 1 || length > MAX_NAME_CHARS) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean alphanumeric = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alphanumeric && (i == 0 || c != '.' && c != '_' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    /** The permission path of a topic. */
    public static String path(String topic) {
        return TOPICS_PATH + topic;
    }
}
