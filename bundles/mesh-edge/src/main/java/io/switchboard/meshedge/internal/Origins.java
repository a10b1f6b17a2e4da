package io.switchboard.meshedge.internal;

import io.switchboard.api.mesh.Origin;
import io.switchboard.session.Session;

/** Who a session's requests come from, as the mesh carries it down the call chain. */
final class Origins {

    /**
     * The session attribute in which the security feature's login keeps the username (docs/protocol.md,
     * "Login"); read by name so that the edge works with or without security.
     */
    static final String USER_ATTRIBUTE = "user";

    private Origins() {
    }

    /** The logged-in user with this session, or anonymous before a login (or without the security feature). */
    static Origin of(Session session) {
        Object user = session.attributes().get(USER_ATTRIBUTE);
        return user == null ? Origin.anonymous() : Origin.user(user.toString(), session.id());
    }
}
