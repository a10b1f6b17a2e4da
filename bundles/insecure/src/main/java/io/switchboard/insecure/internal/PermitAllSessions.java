package io.switchboard.insecure.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.protocol.Request;
import io.switchboard.session.Authorizer;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * The insecure development mode's WebSocket authorizer: every request is allowed, as anonymous.
 * Only loaded when the network edge runs (its packages are optional imports). Ranked lowest.
 */
@Component(property = "service.ranking:Integer=" + Integer.MIN_VALUE)
public final class PermitAllSessions implements Authorizer {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.insecure");

    @Activate
    void activate() {
        LOG.warn("INSECURE DEVELOPMENT MODE: every WebSocket request is allowed, without a login");
    }

    @Override
    public void authorize(Session session, Request request, Access access) {
        // allowed: there are no users to tell apart
    }
}
