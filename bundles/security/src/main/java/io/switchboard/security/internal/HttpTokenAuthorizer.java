package io.switchboard.security.internal;

import java.lang.reflect.InvocationTargetException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides every request under {@code /api/} with what its endpoint declared. The token comes from
 * {@code Authorization: Bearer <token>}, else the cookie {@value #COOKIE}, else the query
 * parameter {@value #QUERY}; no valid token is 401, a valid one without the access is 403. The
 * user's name goes on in the request attribute {@value HttpAuthorizer#USER_ATTRIBUTE} (the data's
 * modifiedBy, the origin of a mesh call) and the principal in {@link Principal#SESSION_ATTRIBUTE}.
 */
@Component
public final class HttpTokenAuthorizer implements HttpAuthorizer {

    static final String COOKIE = "switchboard_token";
    static final String QUERY = "access_token";

    private final SecurityService security;

    @Activate
    public HttpTokenAuthorizer(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public void authorize(HttpServletRequest request, Access access) {
        if (access.kind() == Access.Kind.ANYONE) {
            return;
        }
        String token = token(request);
        if (token == null) {
            throw new SwitchboardException(AccessErrors.UNAUTHENTICATED, "send a token: Authorization: Bearer <token> (POST /api/login gives one)");
        }
        Principal principal = authenticate(token);
        SecurityService.Decision decision = security.decide(principal, access);
        if (decision == SecurityService.Decision.INVALID) {
            throw new SwitchboardException(AccessErrors.TOKEN_REVOKED, "the token's login no longer stands; log in again");
        }
        if (decision != SecurityService.Decision.ALLOWED) {
            throw SessionAuthorizer.forbidden(request.getMethod() + " " + request.getRequestURI(), access, principal);
        }
        request.setAttribute(Principal.SESSION_ATTRIBUTE, principal);
        request.setAttribute(USER_ATTRIBUTE, principal.username());
    }

    private Principal authenticate(String token) {
        try {
            return security.authenticate(token).getValue();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof SwitchboardException known ? known
                    : new SwitchboardException(AccessErrors.INVALID_TOKEN, "the token cannot be checked");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(AccessErrors.UNAVAILABLE, "interrupted while checking the token");
        }
    }

    static String token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return request.getParameter(QUERY);
    }
}
