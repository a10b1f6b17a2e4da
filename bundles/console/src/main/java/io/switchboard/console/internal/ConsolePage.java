package io.switchboard.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One Switchboard page of the web console (a Web Console plugin: an OSGi servlet service with a
 * {@code felix.webconsole.label}). A GET renders the page inside the console's frame; a POST runs
 * one of the page's actions, then sends the browser back to the page (a redirect) with what was done, or
 * renders the page again with the error. Only administrators get either ({@link ConsoleAccess}).
 * Cross-site posts never get here: the HTTP server refuses a state change from another origin's
 * page on every path (bundle http, CrossOriginGuard).
 */
abstract class ConsolePage extends AbstractServlet {

    private static final long serialVersionUID = 1L;
    private static final String ERROR = "switchboard.console.error";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ConsoleAccess access;

    ConsolePage(ConsoleAccess access) {
        this.access = access;
    }

    /** Whether the request comes from an administrator, the only ones any page serves. */
    final boolean administrator(HttpServletRequest request) {
        return access.administrator(request);
    }

    /** Writes the page's content. */
    abstract void render(HttpServletRequest request, PrintWriter out) throws IOException;

    /**
     * The page's actions, each with what the page says once it is done. The message is the page's
     * own text, never one taken from the URL, so that no link can make the console say anything.
     */
    abstract Map<String, String> actions();

    /**
     * Runs one of {@link #actions()}.
     *
     * @throws SwitchboardException what to tell when it cannot be done
     */
    abstract void act(String action, HttpServletRequest request);

    /** Whether the page also answers as JSON at {@code ?format=json}. */
    boolean hasJson() {
        return false;
    }

    /** What the page shows, as JSON (a value Jackson writes); null when what it shows is not running. */
    Object json() {
        return null;
    }

    /** The page, or with {@code ?format=json} its JSON form, for administrators only (403 otherwise). */
    @Override
    protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!hasJson() || !"json".equals(request.getParameter("format"))) {
            super.doGet(request, response);
            return;
        }
        if (!access.administrator(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        Object body = json();
        if (body == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "what this page shows is not running");
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.administrator(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        String action = request.getParameter("action");
        try {
            if (action == null || !actions().containsKey(action)) {
                throw unknownAction(action == null ? "" : action);
            }
            act(action, request);
            response.sendRedirect(pageUrl(request) + "?done=" + action);
        } catch (SwitchboardException e) {
            // left unwritten, the console renders the page, which shows the error
            request.setAttribute(ERROR, e.getMessage());
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        PrintWriter out = response.getWriter();
        if (!access.administrator(request)) {
            out.println("<p class=\"sb-error\">Only administrators (members of _ADMIN) may use this page.</p>");
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        out.println(Html.STYLE);
        Object error = request.getAttribute(ERROR);
        if (error != null) {
            out.println("<p class=\"sb-error\" id=\"sb-error\">" + Html.text(error) + "</p>");
        } else if (request.getParameter("done") != null && actions().containsKey(request.getParameter("done"))) {
            out.println("<p class=\"sb-message\" id=\"sb-message\">" + Html.text(actions().get(request.getParameter("done"))) + "</p>");
        }
        render(request, out);
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The page's own URL, from the console's root and this plugin's label. */
    private static String pageUrl(HttpServletRequest request) {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        return root != null ? root.toString() : request.getContextPath() + request.getServletPath() + "/" + labelOf(request);
    }

    private static String labelOf(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null ? "" : path.replaceFirst("^/", "").split("/", 2)[0];
    }

    /** A required form field. */
    static String field(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw new SwitchboardException(ConsoleErrors.MISSING_FIELD, "the form needs '" + name + "'");
        }
        return value.trim();
    }

    static SwitchboardException unknownAction(String action) {
        return new SwitchboardException(ConsoleErrors.UNKNOWN_ACTION, "this page has no action '" + cut(action) + "'");
    }
}
