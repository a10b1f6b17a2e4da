package io.switchboard.consolesecurity.internal;

import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.cache.Cache;
import io.switchboard.cache.CacheOptions;
import io.switchboard.cache.CacheService;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console asks here who is calling: HTTP Basic credentials are checked against
 * Switchboard's users, and only members of {@value SecurityService#ADMIN_GROUP} get in. The
 * security feature makes this provider required (framework property
 * {@code felix.webconsole.security.providers}), so the console never falls back to its own password.
 * Checked credentials are remembered for a minute, by a hash of them, so that every page of the
 * console does not pay for a password hash; a remembered login is used only while it still stands
 * (same password generation, user enabled) and the user is still an administrator, so a password
 * change or a removal from the administrators ends console access at once.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=switchboard")
public final class ConsoleLogin implements SecurityProvider {

    private static final String REALM = "Basic realm=\"Switchboard\"";

    private final SecurityService security;
    private final Cache<Principal> recent;

    @Activate
    public ConsoleLogin(@Reference SecurityService security, @Reference CacheService caches) {
        this.security = security;
        this.recent = caches.memory("console.logins", CacheOptions.bounded(1_000).withExpireAfterWrite(Duration.ofMinutes(1)));
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        String username = header != null && header.regionMatches(true, 0, "Basic ", 0, 6) ? check(header.substring(6).trim(), request) : null;
        if (username == null) {
            response.setHeader("WWW-Authenticate", REALM);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return username;
    }

    private String check(String encoded, HttpServletRequest request) {
        String key = fingerprint(encoded);
        Optional<Principal> remembered = recent.get(key);
        if (remembered.isPresent()) {
            if (stillAdministrator(remembered.get())) {
                return remembered.get().username();
            }
            recent.remove(key);
        }
        return login(encoded, key, request);
    }

    private boolean stillAdministrator(Principal principal) {
        try {
            return security.isValid(principal) && security.user(principal.username()).getValue()
                    .map(user -> user.groups().contains(SecurityService.ADMIN_GROUP)).orElse(false);
        } catch (InvocationTargetException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String login(String encoded, String key, HttpServletRequest request) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            Principal principal = security.login(decoded.substring(0, colon), decoded.substring(colon + 1),
                    request.getRemoteAddr(), "console").getValue().principal();
            if (!principal.groups().contains(SecurityService.ADMIN_GROUP)) {
                return null;
            }
            recent.put(key, principal);
            return principal.username();
        } catch (InvocationTargetException e) {
            return null; // refused: the security service has logged why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header != null && header.length() > 6) {
            recent.remove(fingerprint(header.substring(6).trim()));
        }
    }

    private static String fingerprint(String credentials) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
