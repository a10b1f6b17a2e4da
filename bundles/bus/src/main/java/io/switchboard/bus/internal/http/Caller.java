package io.switchboard.bus.internal.http;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides a bus request with the runtime's authorizer (the one the API gate uses: the security
 * feature's, or the development mode's permit-all), and answers its refusals in the bus's own codes,
 * so that a client of the bus meets one codification ({@code bus.*}).
 */
final class Caller {

    /** Who acts when the authorizer names no one (the insecure development mode). */
    static final String ANONYMOUS = "anonymous";

    private Caller() {
    }

    /** @return the name of who asks: a user, {@code service:<id>}, or {@value #ANONYMOUS} */
    static String authorize(HttpAuthorizer authorizer, HttpServletRequest request, Access access) {
        if (authorizer == null) {
            throw new SwitchboardException(BusErrors.UNAVAILABLE, "security is not running (starting, stopped or being updated); try again shortly");
        }
        try {
            authorizer.authorize(request, access);
        } catch (SwitchboardException refused) {
            throw translated(refused);
        }
        return name(request);
    }

    static String name(HttpServletRequest request) {
        Object user = request.getAttribute(HttpAuthorizer.USER_ATTRIBUTE);
        return user == null ? ANONYMOUS : user.toString();
    }

    /** Whether the request's login may do it, without refusing. */
    static boolean allowed(HttpAuthorizer authorizer, HttpServletRequest request, Access access) {
        try {
            authorizer.authorize(request, access);
            return true;
        } catch (SwitchboardException refused) {
            return false;
        }
    }

    static SwitchboardException translated(SwitchboardException refused) {
        String code = switch (refused.code()) {
            case AccessErrors.UNAUTHENTICATED -> BusErrors.UNAUTHENTICATED;
            case AccessErrors.INVALID_TOKEN -> BusErrors.INVALID_TOKEN;
            case AccessErrors.TOKEN_EXPIRED -> BusErrors.TOKEN_EXPIRED;
            case AccessErrors.TOKEN_REVOKED -> BusErrors.TOKEN_REVOKED;
            case AccessErrors.UNAVAILABLE -> BusErrors.UNAVAILABLE;
            default -> BusErrors.FORBIDDEN;
        };
        return new SwitchboardException(code, refused.getMessage());
    }
}
