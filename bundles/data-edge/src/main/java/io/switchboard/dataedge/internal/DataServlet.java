package io.switchboard.dataedge.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
import io.switchboard.data.DataErrors;
import io.switchboard.data.DataService;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.path.PathPattern;
import io.switchboard.data.path.Paths;
import io.switchboard.protocol.JsonInput;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.http.RequestBodies;
import io.switchboard.system.json.JsonLimits;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/data/<path>}: GET an exact path or a pattern (with {@code criteria}, {@code sort},
 * {@code skip}, {@code limit}, {@code fields} as query parameters), PUT to set, PATCH to merge,
 * DELETE an exact path or a pattern. JSON in and out; errors as {@code {"error": {"code", "message"}}}.
 *
 * <p>Every request is answered in full or with an error: bodies and the {@code criteria} parameter
 * are read as bytes through {@link JsonInput} (valid UTF-8, one value, {@link JsonLimits}), and an
 * answer is written out completely before its status is sent, so a failure never leaves a 200 with
 * JSON cut off midway.
 */
@Component(service = Servlet.class, configurationPid = "io.switchboard.data.http")
@HttpWhiteboardServletPattern("/api/data/*")
@Designate(ocd = DataServlet.Config.class)
public final class DataServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    /** Writes with JsonLimits' generators: an answer deeper than a client may send fails before anything is sent. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonLimits.factory());
    private static final JsonInput.Codes CODES = new JsonInput.Codes(DataErrors.NOT_JSON, DataErrors.TOO_DEEP);

    @ObjectClassDefinition(name = "Switchboard data over HTTP")
    public @interface Config {
        @AttributeDefinition(description = "largest request body accepted, in bytes")
        int max_body_bytes() default 4 * 1024 * 1024;
    }

    /** The query parameters GET takes; anything else is refused by name, as unknown options are. */
    private static final Set<String> QUERY_PARAMETERS = new TreeSet<>(List.of("criteria", "sort", "skip", "limit", "fields"));

    /** The query parameter the security feature takes a token from (docs/protocol.md, HTTP). */
    private static final String TOKEN_PARAMETER = "access_token";

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
        Paths.requireWithinLimits(path); // before a 100,000-segment path reaches the permission check
        return switch (request.getMethod()) {
            case "GET" -> Access.permission("get", path);
            case "PUT", "PATCH" -> Access.permission("set", path);
            case "DELETE" -> Access.permission("remove", path);
            default -> Access.login();
        };
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] answer;
        try {
            JsonNode result = switch (request.getMethod()) {
                case "GET" -> get(request);
                case "PUT" -> put(request, writer(request));
                case "PATCH" -> put(request, writer(request).withMerge(true));
                case "DELETE" -> JSON.createObjectNode().put("removed", await(data.remove(path(request), writer(request))).removed());
                default -> throw new SwitchboardException("http.method-not-allowed", request.getMethod() + " is not supported here");
            };
            if (result == null) {
                throw new SwitchboardException("data.not-found", "nothing stored at " + path(request));
            }
            answer = serialized(result);
            if (answer == null) {
                // a document stored before the depth limit: the server's data, not the request, is at fault
                ErrorResponses.write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, DataErrors.TOO_DEEP, "the answer nests deeper than "
                        + JsonLimits.maxDepth() + " levels of objects and arrays and cannot be sent; read a part of it with 'fields'");
                return;
            }
        } catch (SwitchboardException e) {
            if (e.code().equals("http.method-not-allowed")) {
                response.setHeader("Allow", "GET, PUT, PATCH, DELETE");
            }
            HttpErrors.write(response, e);
            return;
        }
        // Anything else is a bug, not the client's mistake: it goes on to the HTTP server's one handler
        // of servlet failures, which logs it once under a reference and answers 500 http.internal-error.
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
    }

    private JsonNode put(HttpServletRequest request, WriteOptions options) throws IOException {
        String path = path(request);
        return DataJson.written(await(data.set(path, body(request), options)), options);
    }

    /** The whole answer, before anything is sent; {@code null} when it nests too deep to be written. */
    private static byte[] serialized(JsonNode result) {
        try {
            return JSON.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Who writes: the user an authentication filter names in the request attribute {@code switchboard.user}, if any. */
    private static WriteOptions writer(HttpServletRequest request) {
        Object user = request.getAttribute("switchboard.user");
        return user == null ? WriteOptions.DEFAULTS : WriteOptions.DEFAULTS.withOrigin(user.toString());
    }

    private JsonNode get(HttpServletRequest request) {
        String path = path(request);
        boolean exact = PathPattern.compile(path).isExact(); // the path first: its bounds before anything else
        Query query = query(request);
        // a token in the URL is not a query: an exact path with only ?access_token= is still a plain get
        boolean plain = request.getParameterMap().keySet().stream().allMatch(TOKEN_PARAMETER::equals);
        if (exact && plain) {
            return await(data.get(path)).<JsonNode>map(DataJson::item).orElse(null);
        }
        return DataJson.items(await(data.find(path, query)));
    }

    /** Query parameters: criteria as JSON, sort as {@code -modified,name} (a minus for descending), fields as a list. */
    private static Query query(HttpServletRequest request) {
        for (String name : request.getParameterMap().keySet()) {
            if (!QUERY_PARAMETERS.contains(name) && !name.equals(TOKEN_PARAMETER)) {
                throw new SwitchboardException(DataErrors.INVALID_QUERY, "unknown query parameter '"
                        + (name.length() > 60 ? name.substring(0, 60) + "..." : name) + "'; the parameters are " + QUERY_PARAMETERS);
            }
        }
        ObjectNode options = JSON.createObjectNode();
        String criteria = request.getParameter("criteria");
        if (criteria != null) {
            options.set("criteria", JsonInput.read(criteria, "the criteria parameter", CODES));
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
                    throw new SwitchboardException(DataErrors.INVALID_QUERY, "'" + number + "' must be a whole number of 0 or more, was '"
                            + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "'");
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

    /** The body as bytes, never through a decoding reader: invalid UTF-8 is refused, not replaced. */
    private JsonNode body(HttpServletRequest request) throws IOException {
        byte[] bytes = RequestBodies.upTo(request, maxBodyBytes);
        if (bytes == null) {
            throw new SwitchboardException("data.too-large", "the request body is over the limit of " + maxBodyBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw new SwitchboardException("data.not-json", "the request body is empty; send the document as JSON");
        }
        return JsonInput.read(bytes, "the request body", CODES);
    }

    /** HTTP threads wait for the data service: a servlet answers when the work is done. */
    private static <T> T await(Promise<T> promise) {
        try {
            Throwable failure = promise.getFailure();
            if (failure instanceof SwitchboardException known) {
                throw known;
            }
            if (failure != null) {
                throw unexpected(failure);
            }
            return promise.getValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException("data.store-failed", "interrupted while waiting for the store");
        } catch (InvocationTargetException e) {
            throw unexpected(e.getCause());
        }
    }

    /** A failure without a code is a bug: thrown on, to the HTTP server's handler of servlet failures. */
    private static IllegalStateException unexpected(Throwable failure) {
        return new IllegalStateException("a data operation failed without a code", failure);
    }
}
