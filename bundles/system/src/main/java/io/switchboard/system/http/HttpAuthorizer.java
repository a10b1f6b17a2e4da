package io.switchboard.system.http;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.system.access.Access;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether an HTTP request under {@code /api/} gets what its endpoint declared it needs.
 * Registered as an OSGi service by the security feature (or, in the insecure development mode, a
 * permit-all one); the one with the highest {@code service.ranking} decides, and while there is
 * none every request under {@code /api/} is answered 503 {@code security.unavailable}.
 */
@ConsumerType
public interface HttpAuthorizer {

    /** The request attribute in which an authorizer names the logged-in user, for the endpoints behind. */
    String USER_ATTRIBUTE = "switchboard.user";

    /**
     * Returns to let the request through (having named its user in {@link #USER_ATTRIBUTE}, if
     * any); throws to refuse it.
     *
     * @throws io.switchboard.api.errors.SwitchboardException a refusal, answered with its code and
     *         {@link io.switchboard.system.access.AccessErrors#httpStatus}
     */
    void authorize(HttpServletRequest request, Access access);
}
