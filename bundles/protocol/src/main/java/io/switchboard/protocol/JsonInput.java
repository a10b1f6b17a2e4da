package io.switchboard.protocol;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.json.JsonLimits;

/**
 * Reads JSON that comes from a client (a WebSocket frame, an HTTP body, a query parameter) through
 * {@link JsonLimits}, and says what is wrong with what it refuses in the client's terms: which
 * limit, where, never a Java class or a parser's setting. The edges pass their own error codes, so
 * that one text refused anywhere is refused for the same reason everywhere.
 *
 * @since 1.1
 */
public final class JsonInput {

    private JsonInput() {
    }

    /** The error codes an edge answers with. */
    public record Codes(String notJson, String tooDeep) {
    }

    /**
     * Reads one JSON value from text.
     *
     * @param what names the text in messages, for example {@code "the frame"}
     * @throws SwitchboardException {@code codes.tooDeep()} when it nests deeper than
     *         {@link JsonLimits#maxDepth()}, {@code codes.notJson()} for anything else it is not:
     *         empty, not JSON, over a length limit, more after the value
     */
    public static JsonNode read(String text, String what, Codes codes) {
        try {
            return present(JsonLimits.mapper().readTree(text), what, codes);
        } catch (IOException e) {
            throw refused(e, what, codes);
        }
    }

    /**
     * Reads one JSON value from UTF-8 bytes, which must be valid UTF-8 (never decoded with
     * replacement characters). Fails as {@link #read(String, String, Codes)} does.
     */
    public static JsonNode read(byte[] utf8, String what, Codes codes) {
        try {
            return present(JsonLimits.mapper().readTree(utf8), what, codes);
        } catch (IOException e) {
            throw refused(e, what, codes);
        }
    }

    /**
     * Reads one JSON value from part of an array of UTF-8 bytes (a WebSocket frame's payload, say),
     * without copying it to text first. Fails as {@link #read(String, String, Codes)} does.
     *
     * @since 1.2
     */
    public static JsonNode read(byte[] utf8, int offset, int length, String what, Codes codes) {
        try {
            return present(JsonLimits.mapper().readTree(utf8, offset, length), what, codes);
        } catch (IOException e) {
            throw refused(e, what, codes);
        }
    }

    private static JsonNode present(JsonNode node, String what, Codes codes) {
        if (node == null || node.isMissingNode()) {
            throw empty(what, codes);
        }
        return node;
    }

    /** Whether a parser's failure is the depth limit. */
    public static boolean tooDeep(IOException failure) {
        return failure instanceof StreamConstraintsException && String.valueOf(failure.getMessage()).contains("nesting depth");
    }

    /**
     * The error for text a parser of {@link JsonLimits#factory()} refused, worded as
     * {@link #read(String, String, Codes)} words it: for readers that stream a value rather than
     * read it whole.
     *
     * @since 1.3
     */
    public static SwitchboardException refused(IOException e, String what, Codes codes) {
        if (tooDeep(e)) {
            return new SwitchboardException(codes.tooDeep(),
                    what + " nests deeper than " + JsonLimits.maxDepth() + " levels of objects and arrays");
        }
        return new SwitchboardException(codes.notJson(), what + " is not valid JSON: " + reason(e));
    }

    /**
     * The error for text with more after its one value, as {@link #read(String, String, Codes)}
     * words it.
     *
     * @since 1.3
     */
    public static SwitchboardException trailing(String what, Codes codes) {
        return new SwitchboardException(codes.notJson(), what + " is not valid JSON: " + TRAILING);
    }

    /**
     * The error for text with no value at all, as {@link #read(String, String, Codes)} words it.
     *
     * @since 1.3
     */
    public static SwitchboardException empty(String what, Codes codes) {
        return new SwitchboardException(codes.notJson(), what + " is empty; it must be one JSON value");
    }

    private static final String TRAILING = "there is more after the first JSON value; send exactly one";

    /** What is wrong, in words a client can act on, with the place when the parser knows it. */
    static String reason(IOException e) {
        if (e instanceof StreamConstraintsException) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("String value length")) {
                return "a string is longer than " + JsonLimits.maxStringChars() + " characters";
            }
            if (message.contains("Number value length")) {
                return "a number has more than " + JsonLimits.MAX_NUMBER_CHARS + " characters";
            }
            return "it is over a size limit";
        }
        if (e instanceof MismatchedInputException && String.valueOf(e.getMessage()).startsWith("Trailing token")) {
            return TRAILING;
        }
        String original = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
        String reason = plain(original == null ? "unreadable" : original);
        JsonLocation where = e instanceof JsonProcessingException processing ? processing.getLocation() : null;
        return where == null || where.getLineNr() < 1 ? reason : reason + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    /**
     * The parser's message without what only a Java developer could read: the source description,
     * the `Class.method()` names it quotes, its hints about settings, and anything after the first line.
     */
    private static String plain(String message) {
        String text = message;
        int cut = text.length();
        for (String tail : new String[] {"\n", " at [Source", " (for ", " (start marker at", "; ", " (`"}) {
            int at = text.indexOf(tail);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        text = text.substring(0, cut).replaceAll("`[^`]*\\.[^`]*`", "").trim();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "...";
        }
        return text.isEmpty() ? "unreadable" : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
