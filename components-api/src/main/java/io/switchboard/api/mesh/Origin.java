package io.switchboard.api.mesh;

import java.util.Objects;

/**
 * Who started a call chain: a user (through a session), a component, or the system itself. It is
 * carried unchanged to every callee and event handler down the chain, so a component deep in the
 * chain can check what the original caller may do.
 */
public final class Origin {

    /** What kind of party started the chain. */
    public enum Kind {
        USER,
        COMPONENT,
        SYSTEM,
        ANONYMOUS
    }

    private static final Origin SYSTEM = new Origin(Kind.SYSTEM, "system", null);
    private static final Origin ANONYMOUS = new Origin(Kind.ANONYMOUS, "anonymous", null);

    private final Kind kind;
    private final String name;
    private final String session;

    private Origin(Kind kind, String name, String session) {
        this.kind = kind;
        this.name = Objects.requireNonNull(name, "name");
        this.session = session;
    }

    /** A logged-in user; {@code session} identifies the session the chain came in through (may be null). */
    public static Origin user(String username, String session) {
        return new Origin(Kind.USER, username, session);
    }

    /** A component that started a chain on its own (a timer, its start-up), as {@code name@version}. */
    public static Origin component(String name, String version) {
        return new Origin(Kind.COMPONENT, name + "@" + version, null);
    }

    public static Origin system() {
        return SYSTEM;
    }

    /** A caller that did not log in (for example plain HTTP on a runtime without security). */
    public static Origin anonymous() {
        return ANONYMOUS;
    }

    public Kind kind() {
        return kind;
    }

    /** The user name, {@code component@version}, {@code system} or {@code anonymous}. */
    public String name() {
        return name;
    }

    /** The session the chain came in through, or null. */
    public String session() {
        return session;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && kind == other.kind && name.equals(other.name) && Objects.equals(session, other.session);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, session);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name + (session == null ? "" : " (session " + session + ")");
    }
}
