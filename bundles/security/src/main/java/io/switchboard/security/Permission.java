package io.switchboard.security;

import java.util.Objects;
import java.util.Set;

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
}
