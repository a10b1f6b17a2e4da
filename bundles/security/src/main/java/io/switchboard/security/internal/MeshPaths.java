package io.switchboard.security.internal;

import io.switchboard.api.errors.SwitchboardException;

/**
 * Where the mesh's methods and events sit in the permission tree, so that they are granted like
 * data paths (docs/protocol.md, "Mesh actions"): calling a method needs {@code call} on
 * {@code /_exchange/<component>/<method>}, and subscribing to events needs {@code on} on
 * {@code /_events/<component>/<event or pattern>}.
 */
final class MeshPaths {

    static final String CALL = "call";
    static final String ON = "on";

    private MeshPaths() {
    }

    /** @throws SwitchboardException {@code security.forbidden} for a name that would change the path's shape */
    static String method(String component, String method) {
        return "/_exchange/" + segment(component, "component") + "/" + segment(method, "method");
    }

    /** The event may be a name with {@code /} segments or a pattern: a grant has to cover all of it. */
    static String events(String component, String event) {
        return "/_events/" + segment(component, "component") + "/" + (event.startsWith("/") ? event.substring(1) : event);
    }

    private static String segment(String name, String what) {
        if (name.isEmpty() || name.contains("/")) {
            // 'a/b' as a component would read as another component's method in the permission tree
            throw new SwitchboardException("security.forbidden", "a " + what + " name must be one non-empty path segment, not '" + name + "'");
        }
        return name;
    }
}
