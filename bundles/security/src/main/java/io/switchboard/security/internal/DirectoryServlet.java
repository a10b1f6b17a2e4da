package io.switchboard.security.internal;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.security.Group;
import io.switchboard.security.Permission;
import io.switchboard.security.SecurityService;
import io.switchboard.security.User;
import io.switchboard.system.access.Access;
import io.switchboard.system.access.AccessErrors;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.ErrorResponses;
import io.switchboard.system.http.RequestBodies;
import io.switchboard.system.json.JsonLimits;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The directory over HTTP, for administrators, with the operations and checks of the
 * {@code security.*} WebSocket actions (docs/protocol.md, "Users and groups over HTTP"):
 *
 * <pre>
 * GET    /api/security/users                       every user
 * GET    /api/security/users/{name}                one user (404 security.unknown-user)
 * PUT    /api/security/users/{name}                create or change: {"password", "custom", "enabled", "permissions"}
 * DELETE /api/security/users/{name}                (404 security.unknown-user)
 * PUT    /api/security/users/{name}/groups/{group} add to a group
 * DELETE /api/security/users/{name}/groups/{group} remove from a group
 * GET    /api/security/groups                      every group
 * GET    /api/security/groups/{name}               one group (404 security.unknown-group)
 * PUT    /api/security/groups/{name}               create or change: {"permissions"}
 * DELETE /api/security/groups/{name}               (404 security.unknown-group)
 * </pre>
 *
 * A body is one JSON object of at most {@value #MAX_BODY} bytes with only the fields named; anything
 * else is refused before the directory is touched, so a malformed request changes nothing.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/api/security/*")
public final class DirectoryServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;
    static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = JsonLimits.mapper();
    private static final Set<String> USER_FIELDS = Set.of("password", "custom", "enabled", "permissions");
    private static final Set<String> GROUP_FIELDS = Set.of("permissions");

    private final transient SecurityService security;

    @Activate
    public DirectoryServlet(@Reference SecurityService security) {
        this.security = security;
    }

    /** The directory is the administrators' alone, whatever the request. */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.administrators();
    }

    /** What a path names: users or groups, perhaps one of them, perhaps one membership. */
    private record Target(String kind, String name, String group) {

        static Target of(HttpServletRequest request) {
            String path = request.getPathInfo() == null ? "" : request.getPathInfo();
            String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[] {""};
            boolean users = parts[0].equals("users");
            if (!users && !parts[0].equals("groups")) {
                throw notFound();
            }
            return switch (parts.length) {
                case 1 -> new Target(parts[0], null, null);
                case 2 -> new Target(parts[0], parts[1], null);
                case 4 -> {
                    if (!users || !parts[2].equals("groups")) {
                        throw notFound();
                    }
                    yield new Target(parts[0], parts[1], parts[3]);
                }
                default -> throw notFound();
            };
        }

        boolean users() {
            return kind.equals("users");
        }

        private static SwitchboardException notFound() {
            return new SwitchboardException("http.not-found", "nothing is served here: the directory is at /api/security/users and "
                    + "/api/security/groups");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Target target = Target.of(request);
            Object result = switch (request.getMethod()) {
                case "GET" -> get(target);
                case "PUT" -> put(target, request);
                case "DELETE" -> delete(target);
                default -> throw new SwitchboardException("http.method-not-allowed", request.getMethod() + " is not served here; "
                        + "the directory takes GET, PUT and DELETE");
            };
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            JSON.writeValue(response.getOutputStream(), result);
        } catch (SwitchboardException e) {
            ErrorResponses.write(response, status(e.code()), e);
        }
    }

    private static int status(String code) {
        return switch (code) {
            case "http.not-found" -> HttpServletResponse.SC_NOT_FOUND;
            case "http.method-not-allowed" -> HttpServletResponse.SC_METHOD_NOT_ALLOWED;
                        default -> AccessErrors.httpStatus(code);
        };
    }

    private Object get(Target target) {
        if (target.group() != null) {
            throw new SwitchboardException("http.method-not-allowed", "a membership is changed with PUT or DELETE; GET the user to see its groups");
        }
        if (target.users()) {
            if (target.name() == null) {
                return DirectoryJson.users(await(security.users()));
            }
            return DirectoryJson.user(await(security.user(target.name())).orElseThrow(() -> unknownUser(target.name())));
        }
        if (target.name() == null) {
            return DirectoryJson.groups(await(security.groups()));
        }
        return DirectoryJson.group(await(security.group(target.name())).orElseThrow(() -> unknownGroup(target.name())));
    }

    private Object put(Target target, HttpServletRequest request) throws IOException {
        if (target.name() == null) {
            throw new SwitchboardException("http.method-not-allowed", "PUT names what it creates or changes: /api/security/"
                    + target.kind() + "/{name}");
        }
        if (target.group() != null) {
            return DirectoryJson.user(await(security.addToGroup(target.name(), target.group())));
        }
        ObjectNode body = body(request, target.users() ? USER_FIELDS : GROUP_FIELDS);
        List<Permission> permissions = Permission.fromJson(body.get("permissions"));
        if (!target.users()) {
            return DirectoryJson.group(await(security.upsertGroup(new Group(target.name(), permissions))));
        }
        String password = optional(body, "password", JsonNode::isTextual, "a string") ? body.get("password").asText() : null;
        ObjectNode custom = optional(body, "custom", JsonNode::isObject, "an object") ? (ObjectNode) body.get("custom") : null;
        boolean enabled = !optional(body, "enabled", JsonNode::isBoolean, "true or false") || body.get("enabled").asBoolean();
        User user = await(security.upsertUser(target.name(), password, custom, enabled, permissions));
        return DirectoryJson.user(user);
    }

    private Object delete(Target target) {
        if (target.name() == null) {
            throw new SwitchboardException("http.method-not-allowed", "DELETE names what it removes: /api/security/" + target.kind() + "/{name}");
        }
        if (target.group() != null) {
            return DirectoryJson.user(await(security.removeFromGroup(target.name(), target.group())));
        }
        boolean removed = await(target.users() ? security.deleteUser(target.name()) : security.deleteGroup(target.name()));
        if (!removed) {
            throw target.users() ? unknownUser(target.name()) : unknownGroup(target.name());
        }
        return DirectoryJson.bool(true);
    }

    /** A field that may be absent (or null); present, it must have the right type. */
    private static boolean optional(ObjectNode body, String field, java.util.function.Predicate<JsonNode> type, String what) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!type.test(value)) {
            throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "'" + field + "' must be " + what);
        }
        return true;
    }

    /** The body: one JSON object within the size and JSON limits, with no field but those named. */
    private static ObjectNode body(HttpServletRequest request, Set<String> fields) throws IOException {
        byte[] bytes = RequestBodies.upTo(request, MAX_BODY);
        if (bytes == null) {
            throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode json;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            json = JSON.readTree(text);
        } catch (CharacterCodingException e) {
            throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "the body is not UTF-8");
        } catch (IOException e) {
            throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "the body is not one JSON object within the limits "
                    + "(depth " + JsonLimits.maxDepth() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "the body must be a JSON object with " + fields);
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new SwitchboardException(AccessErrors.INVALID_REQUEST, "unknown field '"
                        + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "'; the fields are " + fields);
            }
        }
        return (ObjectNode) json;
    }

    private static SwitchboardException unknownUser(String name) {
        return new SwitchboardException(AccessErrors.UNKNOWN_USER, "no user '" + cut(name) + "'");
    }

    private static SwitchboardException unknownGroup(String name) {
        return new SwitchboardException(AccessErrors.UNKNOWN_GROUP, "no group '" + cut(name) + "'");
    }

    private static String cut(String text) {
        return text.length() > 128 ? text.substring(0, 128) + "…" : text;
    }

    /** The directory answers at once; its failures keep their codes. */
    private static <T> T await(Promise<T> promise) {
        try {
            return promise.getValue();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof SwitchboardException known) {
                throw known;
            }
            throw new SwitchboardException(AccessErrors.STORE_FAILED, "the directory could not be read or written; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(AccessErrors.UNAVAILABLE, "interrupted");
        }
    }
}
