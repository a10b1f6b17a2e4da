package io.switchboard.stats.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may read {@code /metrics}: a request bearing the configured scrape token (for a Prometheus
 * server, which cannot log in), or an administrator as the runtime's HTTP authorizer decides (its
 * bearer token or cookie; anyone in the insecure development mode). {@code /metrics} is outside
 * {@code /api/}, so the system bundle's gate does not check it: this does, the same way.
 */
final class ScrapeAccess {

    private static final String BEARER = "Bearer ";

    private final byte[] scrapeToken;
    private final Supplier<HttpAuthorizer> authorizer;

    /** @param scrapeToken null or empty: no scrape token, administrators only */
    ScrapeAccess(String scrapeToken, Supplier<HttpAuthorizer> authorizer) {
        this.scrapeToken = scrapeToken == null || scrapeToken.isEmpty() ? null : scrapeToken.getBytes(StandardCharsets.UTF_8);
        this.authorizer = authorizer;
    }

    /** @throws SwitchboardException a refusal, with a code of {@link AccessErrors} */
    void check(HttpServletRequest request) {
        if (bearsScrapeToken(request)) {
            return;
        }
        HttpAuthorizer current = authorizer.get();
        if (current == null) {
            throw new SwitchboardException(AccessErrors.UNAVAILABLE, "security is not running (starting, stopped or being updated); try again shortly");
        }
        current.authorize(request, Access.administrators());
    }

    private boolean bearsScrapeToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (scrapeToken == null || header == null || !header.startsWith(BEARER)) {
            return false;
        }
        // Compared in constant time: the answer's timing must not tell how much of a guess was right.
        return MessageDigest.isEqual(scrapeToken, header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
    }
}
