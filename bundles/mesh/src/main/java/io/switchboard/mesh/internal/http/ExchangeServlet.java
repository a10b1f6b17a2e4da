package io.switchboard.mesh.internal.http;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.api.mesh.MeshErrors;
import io.switchboard.api.mesh.Origin;
import io.switchboard.mesh.Mesh;
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
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/exchange/*")
@HttpWhiteboardServletAsyncSupported
public final class ExchangeServlet extends OneMethodServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    private static final TypeReference<List<Object>> ARGUMENTS = new TypeReference<>() { };
    static final String USER_ATTRIBUTE = "switchboard.user";

    @Reference
    private transient Mesh mesh;

    public ExchangeServlet() {
        super("POST");
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
        try {
            args = arguments(request.getInputStream().readAllBytes());
        } catch (SwitchboardException e) {
            HttpErrors.write(response, e);
            return;
        }
        CallOptions options = CallOptions.defaults();
        String range = request.getParameter("range");
        if (range != null && !range.isBlank()) {
            options = options.range(range);
        }
        Promise<Object> answer = mesh.call(origin(request), target[0], target[1], args, options);
        AsyncContext async = request.startAsync();
        async.setTimeout(TimeUnit.MINUTES.toMillis(5));
        answer.onResolve(() -> {
            HttpServletResponse out = (HttpServletResponse) async.getResponse();
            try {
                Throwable failure = answer.getFailure();
                if (failure == null) {
                    out.setStatus(200);
                    out.setContentType("application/json");
                    out.setCharacterEncoding("UTF-8");
                    JSON.writeValue(out.getOutputStream(), answer.getValue());
                } else if (failure instanceof SwitchboardException coded) {
                    HttpErrors.write(out, coded);
                } else {
                    HttpErrors.write(out, 500, MeshErrors.CALLEE_FAILED, failure.toString());
                }
            } catch (Exception e) {
                log("answering " + request.getPathInfo() + " failed", e);
            } finally {
                async.complete();
            }
        });
    }

    /**
     * The call's arguments: a JSON array, or none for an empty body.
     *
     * @throws SwitchboardException {@link MeshErrors#BAD_ARGUMENTS} for anything else, {@code null} included
     *         (Jackson reads it as a null list, which would reach the component as a failure of its own)
     */
    static List<Object> arguments(byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        List<Object> args;
        try {
            args = JSON.readValue(body, ARGUMENTS);
        } catch (JacksonException e) {
            throw badArguments(": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badArguments(": " + e.getMessage());
        }
        if (args == null) {
            throw badArguments(", not null");
        }
        return args;
    }

    private static SwitchboardException badArguments(String detail) {
        return new SwitchboardException(MeshErrors.BAD_ARGUMENTS, "the body must be a JSON array of arguments, e.g. [\"d1\", 42]" + detail);
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
