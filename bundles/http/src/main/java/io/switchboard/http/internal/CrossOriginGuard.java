package io.switchboard.http.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.log.LogText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Cross-site request forgery stops here, for every servlet: a request that changes state (any
 * method but GET, HEAD and OPTIONS) from a web page of another origin is refused (403
 * {@value HttpErrors#CROSS_ORIGIN_REFUSED}), unless it is for the APIs under {@code /api/} and its
 * origin is allowed by the CORS settings (PID {@code io.switchboard.http.cors}, see {@link CorsPolicy}).
 * The web console, whose browser login (HTTP Basic) goes with every request, thus only takes
 * changes from its own pages; so do the APIs for a browser's {@value #TOKEN_COOKIE} cookie.
 *
 * <p>A request authenticated by that cookie (it has no {@code Authorization} header) must also
 * send JSON when it changes state: {@code text/plain} and form bodies are what any page can send
 * without asking (415 {@value HttpErrors#UNSUPPORTED_MEDIA_TYPE}). This also holds against a
 * browser too old to say where a request comes from. CORS preflights under {@code /api/} are
 * answered here. How the source is read: {@link RequestSource}.
 */
@Component(service = Preprocessor.class, configurationPid = "io.switchboard.http.cors", property = "service.ranking:Integer=900")
@Designate(ocd = CrossOriginGuard.Config.class)
public final class CrossOriginGuard implements Preprocessor {

    @ObjectClassDefinition(name = "Switchboard cross-origin requests (CORS)",
            description = "Which other origins' web pages may use the APIs under /api/. Empty: none (CORS is off).")
    public @interface Config {
        @AttributeDefinition(description = "origins whose pages may call the APIs, such as https://app.example.com (* for any); separated by commas")
        String[] allowedOrigins() default {};

        @AttributeDefinition(description = "methods those pages may use")
        String[] allowedMethods() default {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

        @AttributeDefinition(description = "request headers those pages may send")
        String[] allowedHeaders() default {"Authorization", "Content-Type"};

        @AttributeDefinition(description = "seconds a browser may keep a preflight's answer")
        long maxAgeSeconds() default 600;

        @AttributeDefinition(description = "whether those pages may send the browser's switchboard_token cookie (act as its logged-in user)")
        boolean allowCredentials() default false;
    }

    /** The cookie the security feature reads a token from (docs/protocol.md, "HTTP"). */
    static final String TOKEN_COOKIE = "switchboard_token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.http");

    private volatile CorsPolicy cors = CorsPolicy.off();

    @Activate
    @Modified
    void configure(Config config) {
        CorsPolicy policy = new CorsPolicy(config.allowedOrigins(), config.allowedMethods(), config.allowedHeaders(),
                config.maxAgeSeconds(), config.allowCredentials());
        if (!policy.ignored().isEmpty()) {
            LOG.warn("io.switchboard.http.cors: {} are not origins (scheme://host[:port]) and are ignored", LogText.of(policy.ignored()));
        }
        cors = policy;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        CorsPolicy policy = cors;
        boolean api = isApi(request);
        String method = request.getMethod();
        String origin = request.getHeader("Origin");
        if (api && origin != null && method.equals("OPTIONS") && request.getHeader("Access-Control-Request-Method") != null) {
            preflight(policy, request, response);
            return;
        }
        if (!SAFE_METHODS.contains(method) && !mayChangeState(policy, api, request, response)) {
            return;
        }
        if (api && policy.enabled()) {
            response.addHeader("Vary", "Origin");
            String normalized = origin == null ? null : RequestSource.normalize(origin);
            if (policy.allows(normalized)) {
                policy.actual(normalized).forEach(response::setHeader);
            }
        }
        chain.doFilter(request, response);
    }

    /** Refuses (and answers) a state change that may not happen; true when it may go on. */
    private static boolean mayChangeState(CorsPolicy policy, boolean api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        RequestSource source = RequestSource.of(request.getHeader("Sec-Fetch-Site"), request.getHeader("Origin"),
                request.getHeader("Referer"), request.getHeader("Host"));
        boolean byCookie = api && authenticatedByCookie(request);
        if (source.kind() == RequestSource.Kind.CROSS_ORIGIN) {
            String from = source.origin() == null ? "another site" : LogText.of(source.origin(), 200);
            if (!api || !policy.allows(source.origin())) {
                ErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, HttpErrors.CROSS_ORIGIN_REFUSED,
                        "a request from a page of " + from + " may not change anything here"
                                + (api ? "; the origins allowed to are set with allowedOrigins (PID io.switchboard.http.cors)" : ""));
                return false;
            }
            if (byCookie && !policy.allowsCredentials()) {
                ErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, HttpErrors.CROSS_ORIGIN_REFUSED,
                        "the " + TOKEN_COOKIE + " cookie counts only on this server's own pages; from " + from
                                + ", send the token as Authorization: Bearer <token>");
                return false;
            }
        }
        if (byCookie && !request.getMethod().equals("DELETE") && !isJson(request.getContentType())) {
            ErrorResponses.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, HttpErrors.UNSUPPORTED_MEDIA_TYPE,
                    "a request authenticated by the " + TOKEN_COOKIE + " cookie must send JSON (Content-Type: application/json): "
                            + "any web page can send text and forms");
            return false;
        }
        return true;
    }

    private static void preflight(CorsPolicy policy, HttpServletRequest request, HttpServletResponse response) throws IOException {
        CorsPolicy.Preflight answer = policy.preflight(RequestSource.normalize(request.getHeader("Origin")),
                request.getHeader("Access-Control-Request-Method"), request.getHeader("Access-Control-Request-Headers"));
        response.addHeader("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!answer.allowed()) {
            ErrorResponses.write(response, HttpServletResponse.SC_FORBIDDEN, HttpErrors.CORS_REFUSED, answer.refusal());
            return;
        }
        answer.headers().forEach(response::setHeader);
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Under /api/, by the decoded path the whiteboard dispatches on (so no encoding slips past). */
    static boolean isApi(HttpServletRequest request) {
        String path = (request.getServletPath() == null ? "" : request.getServletPath())
                + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static boolean authenticatedByCookie(HttpServletRequest request) {
        if (request.getHeader("Authorization") != null || request.getCookies() == null) {
            return false;
        }
        for (Cookie cookie : request.getCookies()) {
            if (TOKEN_COOKIE.equals(cookie.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
