package io.switchboard.security.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.security.Principal;
import io.switchboard.security.SecurityService;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authentication and authorisation for the HTTP APIs: {@code /api/data} (each method checked as its
 * data action on the path), {@code POST /api/exchange/<component>/<method>} (action {@code call} on
 * {@code /_exchange/<component>/<method>}) and {@code /api/mesh} (a logged-in user). The user's name
 * goes on in the request attribute {@value #USER_ATTRIBUTE}: the data's modifiedBy, and the origin
 * of a mesh call. The token comes from
 * {@code Authorization: Bearer <token>}, else the cookie {@value #COOKIE}, else the query parameter
 * {@value #QUERY}; no valid token is 401, a valid one without the permission is 403.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern({"/api/data/*", "/api/exchange/*", "/api/mesh/*"})
public final class HttpAuthentication implements Filter {

    static final String COOKIE = "switchboard_token";
    static final String QUERY = "access_token";
    /** Read by name by the servlets behind (data, exchange), which do not depend on this bundle. */
    static final String USER_ATTRIBUTE = "switchboard.user";

    private final SecurityService security;

    @Activate
    public HttpAuthentication(@Reference SecurityService security) {
        this.security = security;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String token = token(request);
        if (token == null) {
            refuse(response, 401, "security.unauthenticated", "send a token: Authorization: Bearer <token> (POST /api/login gives one)");
            return;
        }
        Principal principal;
        try {
            principal = security.authenticate(token).getValue();
        } catch (InvocationTargetException e) {
            SwitchboardException failure = e.getCause() instanceof SwitchboardException known ? known
                    : new SwitchboardException("security.invalid-token", "the token cannot be checked");
            refuse(response, 401, failure.code(), failure.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refuse(response, 503, "security.unavailable", "interrupted");
            return;
        }
        boolean data = request.getServletPath().startsWith("/api/data") || request.getRequestURI().startsWith("/api/data/");
        String action = !data ? null : switch (request.getMethod()) {
            case "GET", "HEAD" -> "get";
            case "PUT", "PATCH" -> "set";
            case "DELETE" -> "remove";
            default -> null;
        };
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (!data && exchange(request)) {
            // split as the exchange servlet does, so the method checked is the method called
            String[] target = path.substring(1).split("/");
            action = MeshPaths.CALL;
            path = target.length == 2 && !target[0].isEmpty() && !target[1].isEmpty() ? MeshPaths.method(target[0], target[1])
                    : "/_exchange" + path; // not a method: the servlet answers 404 if a grant lets it through
        }
        if (action != null && !security.allowed(principal, action, path)) {
            refuse(response, 403, "security.forbidden", "'" + action + "' on " + path + " is not permitted for " + principal.username());
            return;
        }
        request.setAttribute(Principal.SESSION_ATTRIBUTE, principal);
        request.setAttribute(USER_ATTRIBUTE, principal.username());
        chain.doFilter(request, response);
    }

    private static boolean exchange(HttpServletRequest request) {
        return request.getServletPath().startsWith("/api/exchange") || request.getRequestURI().startsWith("/api/exchange/");
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

    static void refuse(HttpServletResponse response, int status, String code, String message) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
        }
        ErrorResponses.write(response, status, code, message);
    }
}
