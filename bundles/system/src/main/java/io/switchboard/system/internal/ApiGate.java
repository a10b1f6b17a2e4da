package io.switchboard.system.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every request under {@code /api/}, in every servlet context, passes here before its servlet: the
 * servlet must declare what the request needs ({@link ApiEndpoint}) and the authorizer must allow
 * it ({@link HttpAuthorizer}). A servlet that declares nothing is never reached, and nothing is
 * while no authorizer runs (the security bundle stopped or being updated), so the check cannot be
 * left out by registering a servlet at a new path, nor by stopping a bundle. Ranked first among
 * filters ({@value #RANKING}), so no other filter sees a request it refuses.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=*)",
        "service.ranking:Integer=" + ApiGate.RANKING})
public final class ApiGate implements Filter {

    static final int RANKING = 1_000_000;
    private static final String API = "/api/";

    private final ApiServlets servlets = new ApiServlets();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile HttpAuthorizer authorizer;

    public ApiGate() {
    }

    /** For tests: a gate with this authorizer (null: none). */
    ApiGate(HttpAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(osgi.http.whiteboard.servlet.pattern=*)")
    void addServlet(jakarta.servlet.Servlet servlet, Map<String, Object> properties) {
        servlets.add(servlet, properties);
    }

    void removeServlet(jakarta.servlet.Servlet servlet) {
        servlets.remove(servlet);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (!path(request).startsWith(API)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            check(request);
        } catch (SwitchboardException refused) {
            int status = AccessErrors.httpStatus(refused.code());
            if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            }
            ErrorResponses.write(response, status, refused);
            return;
        }
        chain.doFilter(request, response);
    }

    /** @throws SwitchboardException the refusal */
    void check(HttpServletRequest request) {
        HttpAuthorizer current = authorizer;
        if (current == null) {
            throw new SwitchboardException(AccessErrors.UNAVAILABLE, "security is not running (starting, stopped or being updated); try again shortly");
        }
        for (Access access : declared(request)) {
            current.authorize(request, access);
        }
    }

    /** What the servlet the request goes to says it needs; refused when it says nothing. */
    private List<Access> declared(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        List<ApiEndpoint> endpoints = mapping == null ? List.of() : servlets.endpoints(mapping.getServletName(), mapping.getPattern());
        List<Access> needs = new ArrayList<>();
        for (ApiEndpoint endpoint : endpoints) {
            Access access = endpoint == null ? null : endpoint.access(request);
            if (access == null) {
                needs.clear();
                break;
            }
            needs.add(access);
        }
        if (needs.isEmpty()) {
            throw new SwitchboardException(AccessErrors.FORBIDDEN, "this endpoint declares no access rule, so it is refused");
        }
        return needs;
    }

    /** The request's path as the whiteboard resolved it (decoded and normalised), context included. */
    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return request.getContextPath() + (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }
}
