package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.hook.Subscription;
import io.switchboard.bus.internal.hook.Webhooks;
import io.switchboard.bus.internal.route.Rule;
import io.switchboard.bus.internal.route.RoutingRules;
import io.switchboard.bus.internal.websub.HubRequest;
import io.switchboard.bus.internal.websub.WebSubHub;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.HttpAuthorizer;
import io.switchboard.system.http.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The hooks' routes of {@code /api/bus/} (docs/bus-webhooks.md), for {@link BusServlet}'s table:
 * {@code topics/<name>/subscriptions[/<id>]} (webhooks: consume on the topic),
 * {@code topics/<name>/routes[/<rule>]} (routing rules: manage on the topic, publish on the target),
 * {@code hub} (WebSub: consume on the topic to subscribe, publish to ping) and {@code route}
 * (publish on every target chosen).
 */
@Component(service = HookRoutes.class)
public final class HookRoutes {

    /** The largest hub request (a form): its parameters are a few URLs and a secret. */
    private static final int MAX_HUB_BYTES = 16 * 1024;

    private final BusCore bus;
    private final Webhooks hooks;
    private final WebSubHub hub;
    private final RoutingRules rules;

    @Activate
    public HookRoutes(@Reference BusCore bus, @Reference Webhooks hooks, @Reference WebSubHub hub, @Reference RoutingRules rules) {
        this.bus = bus;
        this.hooks = hooks;
        this.hub = hub;
        this.rules = rules;
    }

    /** What a route needs (null: the handler decides) and what answers it. */
    record Route(Access access, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response, String caller, HttpAuthorizer authorizer) throws IOException;
    }

    /** The segments after {@code topics/<name>/} this class answers. */
    static boolean ownsTopicPart(String part) {
        return part.equals("subscriptions") || part.equals("routes");
    }

    /** {@code hub} and {@code route}, with nothing after them. */
    Route top(String method, String[] path) {
        if (path.length != 1) {
            return null;
        }
        if (path[0].equals("hub")) {
            return only(method, "POST", new Route(null, this::hub));
        }
        return only(method, "POST", new Route(Access.login(), this::route));
    }

    /** {@code topics/<topic>/subscriptions[/<id>]} and {@code topics/<topic>/routes[/<name>]}; null when the path is not one. */
    Route topic(String method, String[] path) {
        String topic = path[1];
        Access consume = Access.permission("consume", Names.path(topic));
        Access manage = Access.permission("manage", Names.path(topic));
        boolean subscriptions = path[2].equals("subscriptions");
        if (path.length == 3) {
            if (subscriptions) {
                return switch (method) {
                    case "POST" -> new Route(consume, (rq, rs, who, auth) -> HttpIo.write(rs, 201,
                            hooks.describe(hooks.createWebhook(topic, HttpIo.json(rq, 64 * 1024, "the webhook")))));
                    case "GET" -> new Route(consume, (rq, rs, who, auth) -> list(rs, "subscriptions",
                            hooks.list(topic).stream().<JsonNode>map(hooks::describe).toList()));
                    default -> throw BusServlet.notAllowed(method, "GET, POST");
                };
            }
            return only(method, "GET", new Route(manage, (rq, rs, who, auth) -> list(rs, "routes", rules.list(topic).stream().<JsonNode>map(rules::describe).toList())));
        }
        if (path.length != 4) {
            return null;
        }
        String id = path[3];
        if (subscriptions) {
            return switch (method) {
                case "GET" -> new Route(consume, (rq, rs, who, auth) -> HttpIo.write(rs, 200, hooks.describe(hooks.get(topic, id))));
                case "DELETE" -> new Route(consume, (rq, rs, who, auth) -> {
                    Subscription ended = hooks.get(topic, id);
                    if (hooks.remove(ended.id()) && ended.kind() == Subscription.Kind.WEBSUB) {
                        // ended by the hub, not by its subscriber: WebSub's denial tells the subscriber (5.2)
                        hub.deny(URI.create(ended.callback()), ended.topicUrl(), "the subscription was ended through the hub's API");
                    }
                    HttpIo.write(rs, 200, HttpIo.JSON.createObjectNode().put("deleted", id));
                });
                default -> throw BusServlet.notAllowed(method, "GET, DELETE");
            };
        }
        return switch (method) {
            case "PUT" -> new Route(manage, (rq, rs, who, auth) -> {
                boolean created = rules.list(topic).stream().noneMatch(rule -> rule.name().equals(id));
                Rule rule = rules.put(topic, id, HttpIo.json(rq, 64 * 1024, "the routing rule"),
                        target -> Caller.authorize(auth, rq, Access.permission("publish", Names.path(target))));
                HttpIo.write(rs, created ? 201 : 200, rules.describe(rule));
            });
            case "GET" -> new Route(manage, (rq, rs, who, auth) -> HttpIo.write(rs, 200, rules.describe(rules.get(topic, id))));
            case "DELETE" -> new Route(manage, (rq, rs, who, auth) -> {
                if (!rules.remove(topic, Names.group(id))) {
                    throw new SwitchboardException(BusErrors.UNKNOWN_RULE, "no routing rule '" + BusErrors.shown(id) + "' on topic '" + topic + "'");
                }
                HttpIo.write(rs, 200, HttpIo.JSON.createObjectNode().put("deleted", id));
            });
            default -> throw BusServlet.notAllowed(method, "GET, PUT, DELETE");
        };
    }

    private static Route only(String method, String allowed, Route route) {
        if (!method.equals(allowed)) {
            throw BusServlet.notAllowed(method, allowed);
        }
        return route;
    }

    private static void list(HttpServletResponse response, String field, List<JsonNode> items) throws IOException {
        ObjectNode body = HttpIo.JSON.createObjectNode();
        ArrayNode array = body.putArray(field);
        items.forEach(array::add);
        HttpIo.write(response, 200, body);
    }

    // --- the WebSub hub

    private void hub(HttpServletRequest request, HttpServletResponse response, String ignored, HttpAuthorizer authorizer) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new SwitchboardException(BusErrors.INVALID_HUB_REQUEST, "a hub request is a form: Content-Type application/x-www-form-urlencoded,"
                    + " with hub.mode, hub.topic, hub.callback...");
        }
        if (request.getContentLengthLong() > MAX_HUB_BYTES) {
            RequestBodies.upTo(request, MAX_HUB_BYTES); // over the limit: read and dropped, so that the refusal reaches the client
            throw new SwitchboardException(BusErrors.TOO_LARGE, "a hub request is at most " + MAX_HUB_BYTES + " bytes");
        }
        HubRequest hubRequest = HubRequest.parse(request.getParameterMap());
        if (hubRequest.mode().equals("publish")) {
            Caller.authorize(authorizer, request, Access.permission("publish", Names.path(hubRequest.topic())));
            HttpIo.write(response, 202, hub.ping(hubRequest));
            return;
        }
        Caller.authorize(authorizer, request, Access.permission("consume", Names.path(hubRequest.topic())));
        String hubUrl = request.getRequestURL().toString();
        HttpIo.write(response, 202, hub.request(hubRequest, hubUrl));
    }

    // --- publish by rules

    private void route(HttpServletRequest request, HttpServletResponse response, String caller, HttpAuthorizer authorizer) throws IOException {
        Outgoing message = Params.outgoing(request, bus.maxPayloadBytes());
        JsonNode payload = HttpIo.JSON.readTree(message.payload());
        ArrayNode results = HttpIo.JSON.createArrayNode();
        for (Map.Entry<String, Object> result : rules.route(payload, message, caller,
                target -> Caller.authorize(authorizer, request, Access.permission("publish", Names.path(target))))) {
            ObjectNode one = results.addObject().put("topic", result.getKey());
            if (result.getValue() instanceof Bus.Published published) {
                one.put("id", published.id()).put("duplicate", published.duplicate());
            } else {
                SwitchboardException e = (SwitchboardException) result.getValue();
                one.putObject("error").put("code", e.code()).put("message", e.getMessage());
            }
        }
        HttpIo.write(response, 202, HttpIo.JSON.createObjectNode().set("messages", results));
    }
}
