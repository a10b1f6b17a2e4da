package io.switchboard.testkit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OSGi manifest header: clauses separated by commas, each a list of names and
 * {@code key=value}, {@code key:type=value} or {@code key:=directive} parameters separated by
 * semicolons, where a quoted value may hold commas and semicolons.
 */
final class ManifestClauses {

    /** One clause: its names (packages, a namespace) and its attributes and directives, unquoted. */
    record Clause(List<String> names, Map<String, String> parameters) {
    }

    private ManifestClauses() {
    }

    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                int equals = indexOutsideQuotes(part, '=');
                if (equals < 0) {
                    if (!part.isBlank()) {
                        names.add(part.trim());
                    }
                    continue;
                }
                String key = part.substring(0, equals).trim();
                int colon = key.indexOf(':');
                parameters.put(colon < 0 ? key : key.substring(0, colon).trim(), unquote(part.substring(equals + 1).trim()));
            }
            if (!names.isEmpty()) {
                clauses.add(new Clause(List.copyOf(names), Map.copyOf(parameters)));
            }
        }
        return clauses;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int indexOutsideQuotes(String text, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }
}
