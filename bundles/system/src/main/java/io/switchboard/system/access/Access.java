package io.switchboard.system.access;

import java.util.Objects;

import io.switchboard.api.errors.SwitchboardException;

/**
 * What one request needs: nothing ({@link #anyone}), a login ({@link #login}), an administrator
 * ({@link #administrators}), or a permission action on a path or pattern ({@link #permission}).
 * Whatever serves a request declares it; nothing is allowed by default. Components' methods and
 * events have their places in the same permission tree as data ({@link #call}, {@link #events}).
 * Immutable.
 */
public final class Access {

    /** The kinds of requirement. */
    public enum Kind {
        /** Anyone, logged in or not (login itself, a public script). */
        ANYONE,
        /** A session or request whose login still stands. */
        LOGIN,
        /** A member of the administrators' group. */
        ADMINISTRATORS,
        /** A login whose permissions allow {@link #action()} on {@link #path()}. */
        PERMISSION
    }

    private static final Access ANYONE = new Access(Kind.ANYONE, null, null);
    private static final Access LOGIN = new Access(Kind.LOGIN, null, null);
    private static final Access ADMINISTRATORS = new Access(Kind.ADMINISTRATORS, null, null);

    private final Kind kind;
    private final String action;
    private final String path;

    private Access(Kind kind, String action, String path) {
        this.kind = kind;
        this.action = action;
        this.path = path;
    }

    public static Access anyone() {
        return ANYONE;
    }

    public static Access login() {
        return LOGIN;
    }

    public static Access administrators() {
        return ADMINISTRATORS;
    }

    /**
     * @param action        a permission action: {@code get}, {@code set}, {@code on}, {@code remove}, {@code count}, {@code call}
     * @param pathOrPattern the path or pattern the request reaches, exactly as it will be used
     */
    public static Access permission(String action, String pathOrPattern) {
        return new Access(Kind.PERMISSION, Objects.requireNonNull(action, "action"), Objects.requireNonNull(pathOrPattern, "pathOrPattern"));
    }

    /**
     * Calling a component's method: {@code call} on {@code /_exchange/<component>/<method>}.
     *
     * @throws SwitchboardException {@value AccessErrors#FORBIDDEN} for a name that is not one path segment
     */
    public static Access call(String component, String method) {
        return permission("call", "/_exchange/" + segment(component, "component") + "/" + segment(method, "method"));
    }

    /**
     * Hearing a component's events: {@code on} on {@code /_events/<component>/<event>}; the event
     * may be a name with {@code /} in it or a pattern, which a grant has to cover whole.
     *
     * @throws SwitchboardException {@value AccessErrors#FORBIDDEN} for a component name that is not one path segment
     */
    public static Access events(String component, String event) {
        return permission("on", "/_events/" + segment(component, "component") + "/" + (event.startsWith("/") ? event.substring(1) : event));
    }

    private static String segment(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            // 'a/b' as a component would read as another component's method in the permission tree
            throw new SwitchboardException(AccessErrors.FORBIDDEN, "a " + what + " name must be one non-empty path segment, not '" + name + "'");
        }
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The permission action, for {@link Kind#PERMISSION}; null otherwise. */
    public String action() {
        return action;
    }

    /** The path or pattern, for {@link Kind#PERMISSION}; null otherwise. */
    public String path() {
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Access a && a.kind == kind && Objects.equals(a.action, action) && Objects.equals(a.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, action, path);
    }

    /** For messages and logs: a long path is cut short, so that a refusal never echoes a request's whole size back. */
    @Override
    public String toString() {
        if (kind != Kind.PERMISSION) {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
        return "'" + action + "' on " + (path.length() > SHOWN ? path.substring(0, SHOWN) + "… (" + path.length() + " characters)" : path);
    }

    /** The most characters of a path a message shows. */
    private static final int SHOWN = 200;
}
