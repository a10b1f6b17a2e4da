package io.switchboard.mesh.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.CallAnswer;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.internal.MeshRuntime;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.system.http.RequestBodies;
import io.switchboard.system.json.JsonLimits;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /api/exchange/<component>/<method>} with a JSON array of arguments (and an optional
 * {@code ?range=}): the method's result as JSON. The request is answered asynchronously, so a slow
 * component does not hold a server thread.
 */
@Component(service = Servlet.class, configurationPid = MeshRuntime.PID)
@HttpWhiteboardServletPattern("/api/exchange/*")
@HttpWhiteboardServletAsyncSupported
public final class ExchangeServlet extends OneMethodServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    static final String USER_ATTRIBUTE = "switchboard.user";
    static final String TOO_LARGE = "mesh.too-large";
    /** The name of the node whose instance answered (another node's for a brokered component). */
    static final String NODE_HEADER = "Switchboard-Node";

    @Reference
    private transient Mesh mesh;

    private volatile int maxBodyBytes = MeshSettings.DEFAULT_MAX_BODY_BYTES;

    public ExchangeServlet() {
        super("POST");
    }

    /** The mesh's configuration; a change applies in place, so the servlet never leaves the whiteboard for it. */
    @Activate
    @Modified
    void configure(MeshRuntime.Config config) {
        maxBodyBytes = Math.max(2, config.maxBodyBytes());
    }

    /** {@code call} on {@code /_exchange/<component>/<method>}; a path that names no method needs a login and is answered 404 here. */
    @Override
    public Access access(HttpServletRequest request) {
        String[] target = target(request.getPathInfo());
        return target == null ? Access.login() : Access.call(target[0], target[1]);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] target = target(request.getPathInfo());
        if (target == null) {
            HttpErrors.write(response, 404, "mesh.bad-request",
                    "use POST /api/exchange/<component>/<method> with a JSON array of arguments");
            return;
        }
        List<Object> args;
        CallOptions options;
        try {
            args = arguments(body(request, maxBodyBytes));
            options = options(request);
        } catch (SwitchboardException e) {
            HttpErrors.write(response, e);
            return;
        }
        Promise<CallAnswer> answer = mesh.callAnswered(origin(request), target[0], target[1], args, options);
        AsyncContext async = request.startAsync();
        async.setTimeout(TimeUnit.MINUTES.toMillis(5));
        answer.onResolve(() -> {
            HttpServletResponse out = (HttpServletResponse) async.getResponse();
            try {
                Throwable failure = answer.getFailure();
                if (failure == null) {
                    out.setStatus(200);
                    out.setHeader(NODE_HEADER, answer.getValue().node());
                    out.setContentType("application/json");
                    out.setCharacterEncoding("UTF-8");
                    JSON.writeValue(out.getOutputStream(), answer.getValue().result());
                } else if (failure instanceof SwitchboardException coded) {
                    HttpErrors.write(out, coded);
                } else {
                    log("calling " + request.getPathInfo() + " failed", failure);
                    HttpErrors.write(out, 500, MeshErrors.CALLEE_FAILED, "the call failed unexpectedly; the server's log says why");
                }
            } catch (Exception e) {
                log("answering " + request.getPathInfo() + " failed", e);
            } finally {
                async.complete();
            }
        });
    }

    /**
     * The body, read up to the limit: a larger one is refused (413) and never kept, so a client
     * cannot make the server hold more than {@code maxBodyBytes} for one call ({@link RequestBodies}).
     */
    static byte[] body(HttpServletRequest request, int maxBodyBytes) throws IOException {
        byte[] body = RequestBodies.upTo(request, maxBodyBytes);
        if (body == null) {
            throw tooLarge(maxBodyBytes);
        }
        return body;
    }

    private static SwitchboardException tooLarge(int maxBodyBytes) {
        return new SwitchboardException(TOO_LARGE, "the body is larger than the " + maxBodyBytes
                + " bytes a call's arguments may take (the mesh's maxBodyBytes)");
    }

    /**
     * The call's arguments: a JSON array, or none for an empty body. Read through {@link JsonLimits},
     * so a document deeper, longer or stranger than the runtime accepts anywhere is refused here too,
     * in the client's terms.
     *
     * @throws SwitchboardException {@link MeshErrors#BAD_ARGUMENTS} for anything else, {@code null} included
     *         (Jackson reads it as a null list, which would reach the component as a failure of its own)
     */
    static List<Object> arguments(byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = JsonLimits.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            throw badArguments(": it is nested deeper than " + JsonLimits.maxDepth()
                    + " levels, or holds a string or number longer than the runtime accepts");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw badArguments(": it is not valid JSON in UTF-8, or has something after the array"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw badArguments(": it could not be read");
        }
        if (tree == null || !tree.isArray()) {
            throw badArguments(tree == null || tree.isNull() ? ", not null" : tree.isObject() ? ", not an object" : ", not a single value");
        }
        List<Object> args = new ArrayList<>(tree.size());
        tree.forEach(arg -> args.add(JsonLimits.mapper().convertValue(arg, Object.class)));
        return args;
    }

    private static SwitchboardException badArguments(String detail) {
        return new SwitchboardException(MeshErrors.BAD_ARGUMENTS, "the body must be a JSON array of arguments, e.g. [\"d1\", 42]" + detail);
    }

    /** {@code ?range=} narrows the versions, {@code ?lenient=true} converts leniently; anything else is refused by name. */
    static CallOptions options(HttpServletRequest request) {
        CallOptions options = CallOptions.defaults();
        for (String name : request.getParameterMap().keySet()) {
            if (!name.equals("range") && !name.equals("lenient") && !name.equals("access_token")) {
                throw new SwitchboardException("mesh.invalid-option", "unknown query parameter '" + name
                        + "'; an exchange call takes range and lenient");
            }
        }
        String range = request.getParameter("range");
        if (range != null && !range.isBlank()) {
            options = options.range(range);
        }
        String lenient = request.getParameter("lenient");
        if (lenient != null) {
            if (!lenient.equals("true") && !lenient.equals("false")) {
                throw new SwitchboardException("mesh.invalid-option", "'lenient' must be true or false");
            }
            options = lenient.equals("true") ? options.lenient() : options;
        }
        return options;
    }

    /**
     * The logged-in user, as an authentication filter (the security feature's) names it in the request
     * attribute {@value #USER_ATTRIBUTE}; anonymous without one. Read by name, so the mesh does not
     * depend on the security bundle.
     */
    static Origin origin(HttpServletRequest request) {
        Object user = request.getAttribute(USER_ATTRIBUTE);
        return user == null ? Origin.anonymous() : Origin.user(user.toString(), null);
    }

    /** {@code /component/method} to its two parts, or null. */
    static String[] target(String pathInfo) {
        if (pathInfo == null) {
            return null;
        }
        String[] parts = pathInfo.substring(1).split("/");
        return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
    }
}
