package io.switchboard.security.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;

/**
 * Permission decisions. A prohibition that reaches any path of the request refuses it; otherwise a
 * grant that covers every path of the request allows it; otherwise it is refused. Templates in
 * patterns are filled in from the user; one that would put a wildcard or a separator into a
 * pattern (from a username or custom field meant to be one segment) makes that permission void.
 * A request that names the reserved tree {@code /_SYSTEM} is for administrators only, whatever
 * any grant says; wildcards never reach it ({@link PatternAlgebra}).
 */
final class Decisions {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*user\\.([A-Za-z0-9_.]+)\\s*}}");

    private final Function<String, Optional<Directory.Entry>> users;
    private final Function<String, Optional<Group>> groups;

    Decisions(Function<String, Optional<Directory.Entry>> users, Function<String, Optional<Group>> groups) {
        this.users = users;
        this.groups = groups;
    }

    boolean allowed(String username, String action, String pathOrPattern) {
        Optional<Directory.Entry> entry = users.apply(username);
        if (entry.isEmpty() || !entry.get().user().enabled()) {
            return false;
        }
        User user = entry.get().user();
        if (user.groups().contains(SecurityService.ADMIN_GROUP)) {
            return true;
        }
        if (pathOrPattern.length() > Paths.MAX_LENGTH) {
            return false; // no store takes such a path: refused without working out a decision
        }
        String[] requested = PatternAlgebra.segments(pathOrPattern);
        if (requested.length > 0 && requested[0].equals(PathPattern.RESERVED)) {
            return false; // the runtime's own tree: a grant on it given to a user is void
        }
        List<Permission> permissions = new ArrayList<>(user.permissions());
        for (String name : user.groups()) {
            groups.apply(name).map(Group::permissions).ifPresent(permissions::addAll);
        }
        boolean granted = false;
        for (Permission permission : permissions) {
            Optional<String> pattern = expand(permission.pattern(), user);
            if (pattern.isEmpty()) {
                continue;
            }
            if (names(permission.prohibited(), action) && PatternAlgebra.overlaps(PatternAlgebra.segments(pattern.get()), requested)) {
                return false;
            }
            granted = granted || names(permission.actions(), action) && PatternAlgebra.covers(PatternAlgebra.segments(pattern.get()), requested);
        }
        return granted;
    }

    private static boolean names(java.util.Set<String> actions, String action) {
        return actions.contains(action) || actions.contains("*");
    }

    /** The pattern with its templates filled in, or empty when one cannot be filled in safely. */
    static Optional<String> expand(String pattern, User user) {
        if (!pattern.contains("{{")) {
            return Optional.of(pattern);
        }
        Matcher matcher = TEMPLATE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = value(matcher.group(1), user);
            if (value == null || value.isEmpty() || value.contains("/") || value.contains("*") || value.contains("{")) {
                return Optional.empty();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        String expanded = out.toString();
        return expanded.contains("{{") ? Optional.empty() : Optional.of(expanded);
    }

    private static String value(String field, User user) {
        if (field.equals("username")) {
            return user.username();
        }
        if (!field.startsWith("custom.") || user.custom() == null) {
            return null;
        }
        JsonNode node = user.custom();
        for (String part : field.substring("custom.".length()).split("\\.")) {
            node = node.path(part);
        }
        return node.isTextual() || node.isNumber() ? node.asText() : null;
    }
}
