package io.switchboard.security.internal;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.protocol.Request;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;

/**
 * Decides every WebSocket request with what its handler declared: a session must have logged in
 * unless the action is open to anyone, its token must not have expired and its login must still
 * stand, and then it needs the declared permission (or to be an administrator).
 */
@Component
public final class SessionAuthorizer implements Authorizer {

    private final SecurityService security;
    private final Clock clock;

    @Activate
    public SessionAuthorizer(@Reference SecurityService security) {
        this(security, Clock.systemUTC());
    }

    SessionAuthorizer(SecurityService security, Clock clock) {
        this.security = security;
        this.clock = clock;
    }

    @Override
    public void authorize(Session session, Request request, Access access) {
        if (access.kind() == Access.Kind.ANYONE) {
            return;
        }
        Principal principal = (Principal) session.attributes().get(Principal.SESSION_ATTRIBUTE);
        if (principal == null) {
            throw new SwitchboardException(AccessErrors.UNAUTHENTICATED, "log in first (action 'login')");
        }
        if (principal.expires().isBefore(clock.instant())) {
            throw new SwitchboardException(AccessErrors.TOKEN_EXPIRED, "the session's token has expired; log in again");
        }
        // one check of the login and the permission together: a login that no longer stands is told so first
        SecurityService.Decision decision = security.decide(principal, access);
        if (decision == SecurityService.Decision.INVALID) {
            session.attributes().remove(Principal.SESSION_ATTRIBUTE); // the client has to log in again
            throw new SwitchboardException(AccessErrors.TOKEN_REVOKED,
                    "the session's login no longer stands (revoked, the password changed, or the user was removed or disabled); log in again");
        }
        if (decision != SecurityService.Decision.ALLOWED) {
            throw forbidden(request.action(), access, principal);
        }
    }

    static SwitchboardException forbidden(String action, Access access, Principal principal) {
        return new SwitchboardException(AccessErrors.FORBIDDEN, access.kind() == Access.Kind.ADMINISTRATORS
                ? "'" + action + "' is for administrators"
                : access + " is not permitted for " + principal.username());
    }
}
