package io.switchboard.insecure.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.access.Access;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The insecure development mode's HTTP authorizer: every request under {@code /api/} is allowed,
 * as anonymous. Ranked lowest, so that the security feature's, if it is ever started too, decides.
 */
@Component(property = "service.ranking:Integer=" + Integer.MIN_VALUE)
public final class PermitAllHttp implements HttpAuthorizer {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.insecure");

    @Activate
    void activate() {
        LOG.warn("INSECURE DEVELOPMENT MODE: every HTTP request under /api/ is allowed, without a login");
    }

    @Override
    public void authorize(HttpServletRequest request, Access access) {
        // allowed: there are no users to tell apart
    }
}
