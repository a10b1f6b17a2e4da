package io.switchboard.dataedge.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataService;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.path.PathPattern;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/data/<path>}: GET an exact path or a pattern (with {@code criteria}, {@code sort},
 * {@code skip}, {@code limit}, {@code fields} as query parameters), PUT to set, PATCH to merge,
 * DELETE an exact path or a pattern. JSON in and out; errors as {@code {"error": {"code", "message"}}}.
 */
@Component(service = Servlet.class, configurationPid = "io.switchboard.data.http")
@HttpWhiteboardServletPattern("/api/data/*")
@Designate(ocd = DataServlet.Config.class)
public final class DataServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "Switchboard data over HTTP")
    public @interface Config {
        @AttributeDefinition(description = "largest request body accepted, in bytes")
        int max_body_bytes() default 4 * 1024 * 1024;
    }

    private final transient DataService data;
    private final int maxBodyBytes;

    @Activate
    public DataServlet(@Reference DataService data, Config config) {
        this.data = data;
        this.maxBodyBytes = config.max_body_bytes();
    }

    /** Each method needs its data action on the path it acts on; anything else needs a login and is answered here. */
    @Override
    public Access access(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return Access.login();
        }
        return switch (request.getMethod()) {
            case "GET" -> Access.permission("get", path);
            case "PUT", "PATCH" -> Access.permission("set", path);
            case "DELETE" -> Access.permission("remove", path);
            default -> Access.login();
        };
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            JsonNode result = switch (request.getMethod()) {
                case "GET" -> get(request);
                case "PUT" -> DataJson.written(await(data.set(path(request), body(request), writer(request))));
                case "PATCH" -> DataJson.written(await(data.set(path(request), body(request), writer(request).withMerge(true))));
                case "DELETE" -> JSON.createObjectNode().put("removed", await(data.remove(path(request), writer(request))).removed());
                default -> throw new SwitchboardException("http.method-not-allowed", request.getMethod() + " is not supported here");
            };
            if (result == null) {
                throw new SwitchboardException("data.not-found", "nothing stored at " + path(request));
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            JSON.writeValue(response.getOutputStream(), result);
        } catch (SwitchboardException e) {
            if (e.code().equals("http.method-not-allowed")) {
                response.setHeader("Allow", "GET, PUT, PATCH, DELETE");
                ErrorResponses.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, e);
            } else {
                HttpErrors.write(response, e);
            }
        }
    }

    /** Who writes: the user an authentication filter names in the request attribute {@code switchboard.user}, if any. */
    private static WriteOptions writer(HttpServletRequest request) {
        Object user = request.getAttribute("switchboard.user");
        return user == null ? WriteOptions.DEFAULTS : WriteOptions.DEFAULTS.withOrigin(user.toString());
    }

    private JsonNode get(HttpServletRequest request) {
        String path = path(request);
        boolean plain = request.getParameterMap().isEmpty();
        if (PathPattern.compile(path).isExact() && plain) {
            return await(data.get(path)).<JsonNode>map(DataJson::item).orElse(null);
        }
        return DataJson.items(await(data.find(path, query(request))));
    }

    /** Query parameters: criteria as JSON, sort as {@code -modified,name} (a minus for descending), fields as a list. */
    private static Query query(HttpServletRequest request) {
        ObjectNode options = JSON.createObjectNode();
        String criteria = request.getParameter("criteria");
        if (criteria != null) {
            options.set("criteria", parse(criteria, "criteria"));
        }
        String sort = request.getParameter("sort");
        if (sort != null) {
            ObjectNode order = options.putObject("sort");
            for (String field : sort.split(",")) {
                String trimmed = field.trim();
                if (!trimmed.isEmpty()) {
                    order.put(trimmed.startsWith("-") ? trimmed.substring(1) : trimmed, trimmed.startsWith("-") ? -1 : 1);
                }
            }
        }
        for (String number : List.of("skip", "limit")) {
            String value = request.getParameter(number);
            if (value != null) {
                try {
                    options.put(number, Integer.parseInt(value.trim()));
                } catch (NumberFormatException e) {
                    throw new SwitchboardException("protocol.wrong-type", "'" + number + "' must be a whole number, was '" + value + "'");
                }
            }
        }
        String fields = request.getParameter("fields");
        if (fields != null) {
            List<String> names = new ArrayList<>();
            for (String field : fields.split(",")) {
                if (!field.isBlank()) {
                    names.add(field.trim());
                }
            }
            options.set("fields", JSON.valueToTree(names));
        }
        return DataJson.query(options);
    }

    private static String path(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new SwitchboardException("data.invalid-path", "name a path after /api/data, for example /api/data/devices/1");
        }
        return path;
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new SwitchboardException("data.too-large", "the request body is over the limit of " + maxBodyBytes + " bytes");
            }
            if (bytes.length == 0) {
                throw new SwitchboardException("data.not-json", "the request body is empty; send the document as JSON");
            }
            return parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), "the request body");
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SwitchboardException("data.not-json", what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** HTTP threads wait for the data service: a servlet answers when the work is done. */
    private static <T> T await(Promise<T> promise) {
        try {
            Throwable failure = promise.getFailure();
            if (failure instanceof SwitchboardException known) {
                throw known;
            }
            if (failure != null) {
                throw new SwitchboardException("data.store-failed", "the operation failed: " + failure);
            }
            return promise.getValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException("data.store-failed", "interrupted while waiting for the store");
        } catch (InvocationTargetException e) {
            throw new SwitchboardException("data.store-failed", "the operation failed: " + e.getCause());
        }
    }
}
