package io.switchboard.security;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.path.PathPattern;
import io.switchboard.system.access.AccessErrors;

/**
 * What may (and may not) be done on the paths a pattern matches. The pattern may use templates,
 * {@code {{user.username}}} and {@code {{user.custom.<field>}}}, filled in from the user asking.
 *
 * @param pattern    a path pattern ({@code *} one segment, {@code **} any number)
 * @param actions    granted actions ({@code get}, {@code set}, {@code on}, {@code remove}, {@code count}, {@code call},
 *                   {@code publish}, {@code consume}, {@code manage}, or {@code *}); {@code call} is for component methods
 *                   at {@code /_exchange/<component>/<method>}, {@code on} also covers component events at
 *                   {@code /_events/<component>/<event>}, and the bus's topics at {@code /_bus/topics/<name>} take
 *                   {@code publish}, {@code consume} and {@code manage} (since 1.3)
 * @param prohibited actions refused here whatever any grant says
 */
public record Permission(String pattern, Set<String> actions, Set<String> prohibited) {

    /** Every action a permission can name; later kinds (HTTP routes, …) add to it. */
    public static final Set<String> ACTIONS = Set.of("get", "set", "on", "remove", "count", "call", "publish", "consume", "manage", "*");

    public Permission {
        Objects.requireNonNull(pattern, "pattern");
        actions = actions == null ? Set.of() : Set.copyOf(actions);
        prohibited = prohibited == null ? Set.of() : Set.copyOf(prohibited);
    }

    public static Permission grant(String pattern, String... actions) {
        return new Permission(pattern, Set.of(actions), Set.of());
    }

    public static Permission prohibit(String pattern, String... actions) {
        return new Permission(pattern, Set.of(), Set.of(actions));
    }

    /** The error code of a permission of the wrong shape ({@link AccessErrors#INVALID_PERMISSION}). */
    public static final String INVALID = AccessErrors.INVALID_PERMISSION;
    /** The most characters a permission's pattern may have (a path's limit). */
    private static final int MAX_PATTERN = 1024;
    private static final Set<String> FIELDS = Set.of("pattern", "actions", "prohibited");

    /**
     * Reads permissions as every edge takes them ({@code [{"pattern": "/a/**", "actions": ["get"],
     * "prohibited": ["set"]}]}; missing or null is none): the WebSocket actions, the HTTP endpoints
     * and the console read them here, so they take and refuse the same. A pattern must be a path
     * pattern (its templates aside), actions known ones; any other field is refused.
     *
     * @throws SwitchboardException {@value #INVALID}, saying what is wrong and where
     * @since 1.3
     */
    public static List<Permission> fromJson(JsonNode array) {
        List<Permission> permissions = new ArrayList<>();
        if (array == null || array.isMissingNode() || array.isNull()) {
            return permissions;
        }
        if (!array.isArray()) {
            throw new SwitchboardException(INVALID, "'permissions' must be an array of {\"pattern\", \"actions\", \"prohibited\"}");
        }
        int index = 0;
        for (JsonNode json : array) {
            index++;
            String where = "permission " + index;
            if (!json.isObject()) {
                throw new SwitchboardException(INVALID, where + " must be an object with 'pattern', 'actions' and 'prohibited'");
            }
            for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new SwitchboardException(INVALID, where + " has an unknown field; a permission has 'pattern', 'actions' and 'prohibited'");
                }
            }
            if (!json.path("pattern").isTextual()) {
                throw new SwitchboardException(INVALID, where + " needs a 'pattern' string");
            }
            String pattern = json.get("pattern").asText();
            checkPattern(pattern, where);
            permissions.add(new Permission(pattern, actions(json.get("actions"), where + " 'actions'"),
                    actions(json.get("prohibited"), where + " 'prohibited'")));
        }
        return permissions;
    }

    /** The JSON form {@link #fromJson} reads, actions sorted. @since 1.3 */
    public static ArrayNode toJson(List<Permission> permissions) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Permission permission : permissions) {
            ObjectNode json = array.addObject().put("pattern", permission.pattern());
            permission.actions().stream().sorted().forEach(json.putArray("actions")::add);
            permission.prohibited().stream().sorted().forEach(json.putArray("prohibited")::add);
        }
        return array;
    }

    /** A pattern as the data API reads one, once its templates ({{user.username}}) stand for a segment. */
    private static void checkPattern(String pattern, String where) {
        if (pattern.length() > MAX_PATTERN) {
            throw new SwitchboardException(INVALID, where + ": a pattern has at most " + MAX_PATTERN + " characters");
        }
        try {
            PathPattern.compile(pattern.replaceAll("\\{\\{[^{}]{1,200}\\}\\}", "t"));
        } catch (SwitchboardException e) {
            throw new SwitchboardException(INVALID, where + ": '" + (pattern.length() > 100 ? pattern.substring(0, 100) + "…" : pattern)
                    + "' is not a path pattern: " + e.getMessage());
        }
    }

    private static Set<String> actions(JsonNode array, String where) {
        Set<String> actions = new LinkedHashSet<>();
        if (array == null || array.isNull()) {
            return actions;
        }
        if (!array.isArray()) {
            throw new SwitchboardException(INVALID, where + " must be an array of actions " + ACTIONS);
        }
        for (JsonNode action : array) {
            if (!action.isTextual() || !ACTIONS.contains(action.asText())) {
                throw new SwitchboardException(INVALID, where + ": unknown action " + (action.isTextual() ? "'" + (action.asText().length() > 40 ? action.asText().substring(0, 40) + "…" : action.asText()) + "'"
                        : "of type " + action.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                        + "; the actions are " + ACTIONS);
            }
            actions.add(action.asText());
        }
        return actions;
    }
}
