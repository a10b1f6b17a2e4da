package io.switchboard.system.http;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.system.access.Access;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What a servlet under {@code /api/} must implement: it says what each request needs before the
 * servlet runs. The system bundle checks every request under {@code /api/} before any servlet sees
 * it (a whiteboard filter in every servlet context): it finds the servlet the request goes to and
 * asks it here, then asks the {@link HttpAuthorizer}. A servlet under {@code /api/} that does not
 * implement this interface is never reached (403 {@code security.forbidden}), and nothing under
 * {@code /api/} is reached while no authorizer runs (503 {@code security.unavailable}).
 *
 * <p>Example: {@code GET /api/data/a} needs {@code Access.permission("get", "/a")}; a login
 * endpoint needs {@code Access.anyone()}.
 */
@ConsumerType
public interface ApiEndpoint {

    /**
     * What the request needs. The path in a {@link Access#permission} must be the one the servlet
     * will then use.
     *
     * @throws io.switchboard.api.errors.SwitchboardException when the request is too malformed to
     *         tell (answered with its code, 400 unless it is a security code)
     */
    Access access(HttpServletRequest request);
}
