package io.switchboard.session;

import org.osgi.annotation.versioning.ConsumerType;

import io.switchboard.protocol.Request;
import io.switchboard.system.access.Access;

/**
 * Decides whether a session's request gets what its handler declared it needs ({@link
 * ActionHandler#access}). Registered as an OSGi service by the security feature (or, in the
 * insecure development mode, a permit-all one); the one with the highest {@code service.ranking}
 * decides. While there is none, every request but {@code ping} is answered
 * {@code security.unavailable} and never runs.
 */
@ConsumerType
public interface Authorizer {

    /**
     * Returns to let the request run; throws to refuse it. Called on the session's own ordered
     * lane, after the layers' inbound step and before the handler: possibly on the transport's
     * reading thread, so it must not block.
     *
     * @throws io.switchboard.api.errors.SwitchboardException the refusal the client gets
     *         ({@code security.unauthenticated}, {@code security.forbidden}, …)
     */
    void authorize(Session session, Request request, Access access);
}
