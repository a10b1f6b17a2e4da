package io.switchboard.cluster.internal.link;

import java.util.regex.Pattern;

/** What a node name may be: it appears in instance ids ({@code node/component@version}), logs and URLs. */
public final class NodeNames {

    /** The rule, as the launcher also checks it: a letter or digit, then letters, digits, '.', '_' or '-', at most 63. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** The mesh's name for this node when it runs alone; a member may not take it. */
    public static final String RESERVED = "local";

    private NodeNames() {
    }

    public static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.equals(RESERVED);
    }
}
