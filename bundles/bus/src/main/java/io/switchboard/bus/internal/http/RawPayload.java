package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;

import io.switchboard.system.json.JsonLimits;

/**
 * A payload kept as the JSON text it came as, less the blanks between its tokens: what the bus
 * stores and hands out (a stream's {@code data:} line holds it, so it has no line break). The text was
 * read by a parser before (valid JSON, within the runtime's limits); only the blanks go, so numbers and
 * strings stay as the client wrote them, with no tree built and written back per message.
 */
final class RawPayload {

    private RawPayload() {
    }

    /**
     * A whole body that is one JSON value within the runtime's limits, compacted; null for anything else
     * (empty, not JSON, more after the value, a string that may be over the limit), which the caller
     * reads as a tree to say what is wrong.
     */
    static byte[] of(byte[] body) {
        if (body.length > JsonLimits.maxStringChars()) {
            return null; // a skipped string is not measured: the tree's reader does that
        }
        try (JsonParser json = JsonLimits.factory().createParser(body)) {
            if (json.nextToken() == null) {
                return null;
            }
            json.skipChildren();
            return json.nextToken() == null ? compact(body, 0, body.length) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code text[from, to)} without the blanks outside strings (and without a trailing comma before {@code to}). */
    static byte[] compact(byte[] text, int from, int to) {
        int end = to;
        while (end > from && (blank(text[end - 1]) || text[end - 1] == ',')) {
            end--; // the separator before the next field, or the blanks before the entry's end
        }
        int blanks = 0;
        boolean inString = false;
        for (int i = from; i < end; i++) {
            byte b = text[i];
            if (inString) {
                if (b == '\\') {
                    i++; // an escaped character, a quote or a backslash among them
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (blank(b)) {
                blanks++;
            }
        }
        if (blanks == 0) {
            return Arrays.copyOfRange(text, from, end);
        }
        byte[] out = new byte[end - from - blanks];
        int k = 0;
        inString = false;
        for (int i = from; i < end; i++) {
            byte b = text[i];
            if (inString) {
                out[k++] = b;
                if (b == '\\') {
                    out[k++] = text[++i];
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                out[k++] = b;
                inString = true;
            } else if (!blank(b)) {
                out[k++] = b;
            }
        }
        return out;
    }

    /** JSON's whitespace (RFC 8259): nothing else may stand between tokens. */
    private static boolean blank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
