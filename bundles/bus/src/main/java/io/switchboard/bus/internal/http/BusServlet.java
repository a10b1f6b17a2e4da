package io.switchboard.bus.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.internal.BatchJson;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.DeliveryJson;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.ServiceRegistry;
import io.switchboard.bus.internal.route.MessageFilter;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import io.switchboard.system.http.HttpAuthorizer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /api/bus/*}: services, topics, publish, lease, ack, nack, reply, dead letters, the stream
 * and the OpenAPI document (docs/bus.md has each). Every route declares what it needs in one table
 * ({@link #route}); the request is decided with the runtime's authorizer before its handler runs,
 * and refusals are answered in {@code bus.*} codes ({@link Caller}). To the API gate the servlet
 * declares {@link Access#anyone()}: the decision is this table's, made for every route, with the
 * gate's own authorizer.
 */
@Component(service = {Servlet.class, BusServlet.class})
@HttpWhiteboardServletPattern("/api/bus/*")
@HttpWhiteboardServletAsyncSupported
public final class BusServlet extends HttpServlet implements ApiEndpoint {

    private static final long serialVersionUID = 1L;

    /** A lease's body holds a filter at most: its JSONPath (1,024 characters) and regex (256) with room to spare. */
    private static final int MAX_FILTER_BODY_BYTES = 4096;

    private final transient BusCore bus;
    private final transient ServiceRegistry services;
    private final transient Streams streams;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient HttpAuthorizer authorizer;

    /** Webhooks, the WebSub hub and routing rules (docs/bus-webhooks.md); their routes answer bus.unavailable while they start. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient HookRoutes hooks;

    @Activate
    public BusServlet(@Reference BusCore bus, @Reference ServiceRegistry services) {
        this.bus = bus;
        this.services = services;
        this.streams = new Streams(bus);
        services.onEnd(streams::endAllOf);
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        streams.endAll();
    }

    /** What the gate checks: nothing more than a running authorizer; each route is decided in {@link #service}. */
    @Override
    public Access access(HttpServletRequest request) {
        return Access.anyone();
    }

    /** A route: what it needs, and what answers it. */
    private record Route(Access access, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response, String caller) throws IOException;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            Route route = route(request.getMethod(), segments(request.getPathInfo()), request);
            String caller = route.access() == null ? Caller.name(request) : Caller.authorize(authorizer, request, route.access());
            route.handler().handle(request, response, caller);
        } catch (SwitchboardException e) {
            if (e.code().equals(BusErrors.METHOD_NOT_ALLOWED)) {
                response.setHeader("Allow", e.getMessage().substring(e.getMessage().lastIndexOf(' ') + 1));
            }
            if (!response.isCommitted()) {
                HttpIo.error(response, e);
            }
        }
    }

    private static String[] segments(String path) {
        if (path == null || path.length() <= 1) {
            return new String[0];
        }
        return (path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1)).split("/", -1);
    }

    /** The route table. A null access means the handler decides itself (registration, a service's own record). */
    private Route route(String method, String[] path, HttpServletRequest request) {
        int n = path.length;
        String first = n > 0 ? path[0] : "";
        switch (first) {
            case "openapi.json" -> {
                if (n == 1) {
                    return only(method, "GET", new Route(Access.anyone(), (rq, rs, who) -> OpenApi.write(rs)));
                }
            }
            case "services" -> {
                if (n == 1) {
                    return switch (method) {
                        case "POST" -> new Route(null, this::register);
                        case "GET" -> new Route(Access.administrators(), (rq, rs, who) -> HttpIo.write(rs, 200, ServiceJson.list(services)));
                        default -> throw notAllowed(method, "GET, POST");
                    };
                }
                if (n == 2) {
                    return switch (method) {
                        case "GET" -> new Route(Access.login(), (rq, rs, who) -> HttpIo.write(rs, 200, ServiceJson.one(services, own(rq, path[1]))));
                        case "DELETE" -> new Route(Access.login(), (rq, rs, who) -> deleteService(rs, own(rq, path[1])));
                        default -> throw notAllowed(method, "GET, DELETE");
                    };
                }
                if (n == 3) {
                    return switch (path[2]) {
                        case "renew" -> only(method, "POST", new Route(Access.login(),
                                (rq, rs, who) -> HttpIo.write(rs, 200, ServiceJson.one(services, services.renew(own(rq, path[1]).id())))));
                        case "suspend", "resume" -> only(method, "POST", new Route(Access.administrators(),
                                (rq, rs, who) -> HttpIo.write(rs, 200, ServiceJson.one(services, services.suspend(path[1], path[2].equals("suspend"))))));
                        default -> throw unknownRoute(request);
                    };
                }
            }
            case "registration-tokens" -> {
                if (n == 1) {
                    return only(method, "POST", new Route(Access.administrators(), this::registrationToken));
                }
            }
            case "topics" -> {
                return topicRoute(method, path, request);
            }
            case "hub", "route" -> { // hooks: the WebSub hub, publish by routing rules
                Route hook = hookRoute(hooks -> hooks.top(method, path));
                if (hook != null) {
                    return hook;
                }
            }
            case "schedules" -> {
                return scheduleRoute(method, path, request);
            }
            case "messages" -> {
                if (n == 1) {
                    return only(method, "POST", new Route(Access.login(), this::publishToMany));
                }
                if (n == 2 && (path[1].equals("ack") || path[1].equals("nack"))) { // a batch: consume on each id's topic, decided per topic
                    boolean ack = path[1].equals("ack");
                    return only(method, "POST", new Route(Access.login(), (rq, rs, who) -> settleBatch(rq, rs, who, ack)));
                }
                if (n == 3) {
                    Names.MessageId id = Names.parse(path[1]);
                    Access consume = Access.permission("consume", Names.path(id.topic()));
                    return switch (path[2]) {
                        case "ack" -> only(method, "POST", new Route(consume, (rq, rs, who) -> settle(rq, rs, who, path[1], true)));
                        case "nack" -> only(method, "POST", new Route(consume, (rq, rs, who) -> settle(rq, rs, who, path[1], false)));
                        case "reply" -> only(method, "POST", new Route(consume, (rq, rs, who) -> reply(rq, rs, who, path[1])));
                        default -> throw unknownRoute(request);
                    };
                }
            }
            default -> {
                // answered below
            }
        }
        throw unknownRoute(request);
    }

    private Route topicRoute(String method, String[] path, HttpServletRequest request) {
        int n = path.length;
        if (n == 1) {
            return only(method, "GET", new Route(Access.login(), this::listTopics));
        }
        String topic = Names.topic(path[1]);
        Access manage = Access.permission("manage", Names.path(topic));
        if (n == 2) {
            return switch (method) {
                case "PUT" -> new Route(manage, (rq, rs, who) -> putTopic(rq, rs, topic));
                case "GET" -> new Route(manage, (rq, rs, who) -> {
                    JsonNode info = withSchema(TopicJson.info(topicInfo(topic)));
                    discovery(rq, rs);
                    HttpIo.write(rs, 200, info);
                });
                // WebSub discovery (section 4) for subscribers, who may consume but not manage: the links, no body
                case "HEAD" -> new Route(Access.permission("consume", Names.path(topic)), (rq, rs, who) -> {
                    bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
                    discovery(rq, rs);
                    rs.setStatus(200);
                });
                case "DELETE" -> new Route(manage, (rq, rs, who) -> deleteTopic(rs, topic));
                default -> throw notAllowed(method, "GET, HEAD, PUT, DELETE");
            };
        }
        if (n >= 3 && HookRoutes.ownsTopicPart(path[2])) { // hooks: webhooks and routing rules of a topic
            Route hook = hookRoute(hooks -> hooks.topic(method, path));
            if (hook != null) {
                return hook;
            }
            throw unknownRoute(request);
        }
        Access publish = Access.permission("publish", Names.path(topic));
        Access consume = Access.permission("consume", Names.path(topic));
        if (n == 3) {
            return switch (path[2]) {
                case "messages" -> only(method, "POST", new Route(publish, (rq, rs, who) -> publish(rq, rs, who, topic)));
                case "lease" -> only(method, "POST", new Route(consume, (rq, rs, who) -> lease(rq, rs, who, topic)));
                case "stream" -> only(method, "GET", new Route(consume, (rq, rs, who) -> streams.open(rq, rs, who, topic)));
                case "dead-letters" -> switch (method) {
                    case "GET" -> new Route(manage, (rq, rs, who) -> HttpIo.write(rs, 200,
                            DeliveryJson.deadLetters(bus.deadLetters(topic, Params.integer(rq, "limit", 100, 1, 1000)))));
                    case "DELETE" -> new Route(manage, (rq, rs, who) -> purge(rq, rs, topic));
                    default -> throw notAllowed(method, "GET, DELETE");
                };
                default -> throw unknownRoute(request);
            };
        }
        if (n == 4 && path[2].equals("messages") && path[3].equals("batch")) {
            return only(method, "POST", new Route(publish, (rq, rs, who) -> publishBatch(rq, rs, who, topic)));
        }
        if (n == 4 && path[2].equals("dead-letters")) {
            if (path[3].equals("redrive")) {
                return only(method, "POST", new Route(manage, (rq, rs, who) -> redrive(rq, rs, topic)));
            }
            return only(method, "GET", new Route(manage, (rq, rs, who) -> HttpIo.write(rs, 200, DeliveryJson.deadLetter(bus.deadLetter(topic, path[3])
                    .orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_MESSAGE, "no dead letter " + BusErrors.shown(path[3]) + " in topic '"
                            + topic + "'"))))));
        }
        throw unknownRoute(request);
    }

    /**
     * WebSub's discovery (section 4): the hub and the topic's own URL as {@code Link} headers, both
     * as the client reached this runtime (the topic's URL is the request's, without its query).
     */
    private static void discovery(HttpServletRequest request, HttpServletResponse response) {
        String self = request.getRequestURL().toString();
        String hub = self.substring(0, self.lastIndexOf("/topics/")) + "/hub";
        response.addHeader("Link", "<" + hub + ">; rel=\"hub\"");
        response.addHeader("Link", "<" + self + ">; rel=\"self\"");
    }

    /** A route of {@link HookRoutes}, or null when it has none at the path. */
    private Route hookRoute(java.util.function.Function<HookRoutes, HookRoutes.Route> pick) {
        HookRoutes routes = hooks;
        if (routes == null) {
            throw new SwitchboardException(BusErrors.UNAVAILABLE, "the bus's webhooks are starting or stopped; try again shortly");
        }
        HookRoutes.Route route = pick.apply(routes);
        return route == null ? null : new Route(route.access(), (rq, rs, who) -> route.handler().handle(rq, rs, who, authorizer));
    }

    // --- schedules (docs/bus-schedules.md): each route needs a login; what a schedule does needs publish on its topic

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient io.switchboard.bus.schedule.Scheduler scheduler;

    private Route scheduleRoute(String method, String[] path, HttpServletRequest request) {
        int n = path.length;
        if (n == 1) {
            return only(method, "GET", new Route(Access.login(), (rq, rs, who) -> {
                Params.only(rq, List.of());
                HttpIo.write(rs, 200, schedules().list(topic -> Caller.allowed(authorizer, rq, Access.permission("publish", Names.path(topic)))));
            }));
        }
        if (n == 2) {
            String name = path[1];
            return switch (method) {
                case "PUT" -> new Route(Access.login(), (rq, rs, who) -> {
                    Params.only(rq, List.of());
                    ObjectNode made = schedules().put(name, HttpIo.json(rq, bus.maxPayloadBytes() + 64 * 1024, "the schedule"), who, publisher(rq));
                    HttpIo.write(rs, made.remove("created").asBoolean() ? 201 : 200, made);
                });
                case "GET" -> new Route(Access.login(), (rq, rs, who) -> {
                    Params.only(rq, List.of("next"));
                    HttpIo.write(rs, 200, schedules().get(name, Params.integer(rq, "next", 5, 1, io.switchboard.bus.schedule.Scheduler.MAX_NEXT), publisher(rq)));
                });
                case "DELETE" -> new Route(Access.login(), (rq, rs, who) -> {
                    schedules().delete(name, publisher(rq));
                    HttpIo.write(rs, 200, HttpIo.JSON.createObjectNode().put("deleted", name));
                });
                default -> throw notAllowed(method, "GET, PUT, DELETE");
            };
        }
        if (n == 3 && (path[2].equals("pause") || path[2].equals("resume"))) {
            return only(method, "POST", new Route(Access.login(),
                    (rq, rs, who) -> HttpIo.write(rs, 200, schedules().pause(path[1], path[2].equals("pause"), publisher(rq)))));
        }
        throw unknownRoute(request);
    }

    private io.switchboard.bus.schedule.Scheduler schedules() {
        io.switchboard.bus.schedule.Scheduler running = scheduler;
        if (running == null) {
            throw new SwitchboardException(BusErrors.UNAVAILABLE, "the schedules are not running (starting or stopping); try again shortly");
        }
        return running;
    }

    /** A schedule publishes on its creator's behalf: acting on one takes publish on its topic. */
    private java.util.function.Consumer<String> publisher(HttpServletRequest request) {
        return topic -> Caller.authorize(authorizer, request, Access.permission("publish", Names.path(Names.topic(topic))));
    }

    private static Route only(String method, String allowed, Route route) {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
        return route;
    }

    static SwitchboardException notAllowed(String method, String allowed) {
        return new SwitchboardException(BusErrors.METHOD_NOT_ALLOWED, BusErrors.shown(method) + " is not supported here; use " + allowed.replace(", ", ","));
    }

    private static SwitchboardException unknownRoute(HttpServletRequest request) {
        return new SwitchboardException(BusErrors.UNKNOWN_ROUTE, "nothing at " + BusErrors.shown(request.getRequestURI())
                + "; docs/bus.md and /api/bus/openapi.json list the bus's routes");
    }

    // --- services

    private void register(HttpServletRequest request, HttpServletResponse response, String ignored) throws IOException {
        String token = bearer(request);
        if (token != null && token.startsWith(ServiceRegistry.REGISTRATION_PREFIX)) {
            JsonNode body = HttpIo.json(request, 64 * 1024, "the registration");
            services.useRegistrationToken(token);
            HttpIo.write(response, 201, ServiceJson.registered(services, services.register(body)));
            return;
        }
        try {
            Caller.authorize(authorizer, request, Access.administrators());
        } catch (SwitchboardException refused) {
            if (refused.code().equals(BusErrors.FORBIDDEN) || refused.code().equals(BusErrors.UNAUTHENTICATED)) {
                throw new SwitchboardException(BusErrors.REGISTRATION_REFUSED, "registering a service takes an administrator's token or a"
                        + " registration token (POST /api/bus/registration-tokens)");
            }
            throw refused;
        }
        HttpIo.write(response, 201, ServiceJson.registered(services, services.register(HttpIo.json(request, 64 * 1024, "the registration"))));
    }

    /**
     * The service a request names, when the caller may act on it: an administrator on any, a
     * service on its own; another service's token is {@value BusErrors#FOREIGN_TOKEN}.
     */
    private ServiceRegistry.Service own(HttpServletRequest request, String id) {
        String caller = Caller.name(request);
        String callerService = ServiceRegistry.serviceOf(caller);
        if (id.equals(callerService)) {
            return services.get(id);
        }
        if (Caller.allowed(authorizer, request, Access.administrators())) {
            return services.get(id);
        }
        if (callerService != null) {
            throw new SwitchboardException(BusErrors.FOREIGN_TOKEN, "this token is service " + callerService + "'s; it cannot act on another service's registration");
        }
        throw new SwitchboardException(BusErrors.FORBIDDEN, "only an administrator or the service itself may do this");
    }

    private void deleteService(HttpServletResponse response, ServiceRegistry.Service service) throws IOException {
        services.delete(service.id());
        streams.endAllOf(ServiceRegistry.USER_PREFIX + service.id());
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("deleted", service.id()));
    }

    private void registrationToken(HttpServletRequest request, HttpServletResponse response, String caller) throws IOException {
        JsonNode body = HttpIo.optionalJson(request, 4096, "the token's settings");
        ObjectNode settings = body == null ? HttpIo.JSON.createObjectNode() : Params.object(body, "the token's settings", List.of("ttlMillis", "uses"));
        long ttl = Params.number(settings, "ttlMillis", 3_600_000, 1_000, 30L * 24 * 3600 * 1000);
        int uses = (int) Params.number(settings, "uses", 1, 1, 10_000);
        String token = services.createRegistrationToken(Duration.ofMillis(ttl), uses);
        HttpIo.write(response, 201, HttpIo.JSON.createObjectNode().put("token", token).put("uses", uses)
                .put("expiresAt", bus.clockMillis() + ttl));
    }

    // --- topics

    private void listTopics(HttpServletRequest request, HttpServletResponse response, String caller) throws IOException {
        ArrayNode list = HttpIo.JSON.createArrayNode();
        for (TopicInfo topic : bus.topics()) {
            String path = Names.path(topic.name());
            if (Caller.allowed(authorizer, request, Access.permission("manage", path)) || Caller.allowed(authorizer, request, Access.permission("publish", path))
                    || Caller.allowed(authorizer, request, Access.permission("consume", path))) {
                list.add(withSchema(TopicJson.info(topic)));
            }
        }
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().set("topics", list));
    }

    private TopicInfo topicInfo(String topic) {
        return bus.topic(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
    }

    private void putTopic(HttpServletRequest request, HttpServletResponse response, String topic) throws IOException {
        JsonNode body = HttpIo.optionalJson(request, 128 * 1024, "the topic's settings");
        JsonNode schema = body instanceof ObjectNode object ? object.remove("schema") : null; // the middleware's setting (docs/bus-middleware.md)
        if (schema != null) {
            schemas().check(schema);
        }
        boolean created = bus.settings(topic).isEmpty();
        TopicInfo info = bus.putTopic(topic, bus.settingsFrom(topic, body == null ? HttpIo.JSON.createObjectNode() : body));
        if (schema != null) {
            schemas().put(topic, schema);
        }
        HttpIo.write(response, created ? 201 : 200, withSchema(TopicJson.info(info)));
    }

    // --- the topic setting schema (docs/bus-middleware.md), kept by the middleware's schema link

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile transient io.switchboard.bus.middleware.internal.TopicSchemas topicSchemas;

    private io.switchboard.bus.middleware.internal.TopicSchemas schemas() {
        io.switchboard.bus.middleware.internal.TopicSchemas running = topicSchemas;
        if (running == null) {
            throw new SwitchboardException(BusErrors.UNAVAILABLE, "the topics' schemas are not running (starting or stopping); try again shortly");
        }
        return running;
    }

    /** A topic's JSON with its {@code schema} setting, when it has one. */
    private ObjectNode withSchema(ObjectNode info) {
        io.switchboard.bus.middleware.internal.TopicSchemas running = topicSchemas;
        if (running != null) {
            running.get(info.path("name").asText()).ifPresent(schema -> ((ObjectNode) info.get("settings")).set("schema", schema));
        }
        return info;
    }

    private void deleteTopic(HttpServletResponse response, String topic) throws IOException {
        if (!bus.deleteTopic(topic)) {
            throw new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'");
        }
        streams.endTopic(topic);
        if (topicSchemas != null) {
            topicSchemas.remove(topic);
        }
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("deleted", topic));
    }

    // --- publish

    private void publish(HttpServletRequest request, HttpServletResponse response, String caller, String topic) throws IOException {
        bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
        Outgoing message = Params.outgoing(request, bus.maxPayloadBytes());
        if (Params.bool(request, "reply")) {
            long timeout = Params.integer(request, "timeout", bus.replyTimeoutMillis(), 1, bus.maxReplyTimeoutMillis());
            awaitReply(request, bus.requestAs(topic, message, Duration.ofMillis(timeout), caller), timeout);
            return;
        }
        Params.refuse(request, "timeout", "'timeout' goes with reply=true");
        Bus.Published published = bus.publishAs(topic, message, caller);
        HttpIo.write(response, 202, HttpIo.JSON.createObjectNode().put("id", published.id()).put("duplicate", published.duplicate()));
    }

    /** Several topics at once ({@code ?topic=a&topic=b}): each needs publish; all are checked before anything is stored. */
    private void publishToMany(HttpServletRequest request, HttpServletResponse response, String caller) throws IOException {
        String[] named = request.getParameterValues("topic");
        if (named == null || named.length == 0 || named.length > 100) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "name 1 to 100 topics: POST /api/bus/messages?topic=a&topic=b");
        }
        List<String> topics = new ArrayList<>();
        for (String topic : named) {
            Caller.authorize(authorizer, request, Access.permission("publish", Names.path(Names.topic(topic))));
            bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + BusErrors.shown(topic) + "'"));
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        }
        Outgoing message = Params.outgoing(request, bus.maxPayloadBytes());
        ArrayNode results = HttpIo.JSON.createArrayNode();
        for (String topic : topics) {
            ObjectNode result = results.addObject().put("topic", topic);
            try {
                Bus.Published published = bus.publishAs(topic, message, caller);
                result.put("id", published.id()).put("duplicate", published.duplicate());
            } catch (SwitchboardException e) {
                result.putObject("error").put("code", e.code()).put("message", e.getMessage());
            }
        }
        HttpIo.write(response, 202, HttpIo.JSON.createObjectNode().set("messages", results));
    }

    /** {@code POST /api/bus/topics/<name>/messages/batch}: every entry checked before any is stored, one result per entry. */
    private void publishBatch(HttpServletRequest request, HttpServletResponse response, String caller, String topic) throws IOException {
        Params.only(request, List.of());
        Batches.noPublishHeaders(request);
        bus.settings(topic).orElseThrow(() -> new SwitchboardException(BusErrors.UNKNOWN_TOPIC, "no topic '" + topic + "'"));
        List<Outgoing> messages = Batches.messages(HttpIo.bytes(request, bus.maxBatchBytes(), "maxBatchBytes"), bus);
        HttpIo.write(response, 202, BatchJson.publishedBytes(bus.publishAllAs(topic, messages, caller)));
    }

    /**
     * {@code POST /api/bus/messages/ack} and {@code /nack} with {@code {"ids": [...]}}: each id answered
     * alone. The caller's permission to consume is decided once per topic the ids name, not per id.
     */
    private void settleBatch(HttpServletRequest request, HttpServletResponse response, String caller, boolean ack) throws IOException {
        Params.only(request, ack ? List.of("group") : List.of("group", "delay"));
        String group = Names.group(request.getParameter("group"));
        Duration delay = ack ? null : Duration.ofMillis(Params.integer(request, "delay", 0, 0, Integer.MAX_VALUE));
        List<String> ids = Batches.ids(HttpIo.bytes(request, bus.maxBatchBytes(), "maxBatchBytes"), bus);
        Map<String, Optional<SwitchboardException>> decided = new HashMap<>(); // by topic: at most the batch's size
        List<String> allowed = new ArrayList<>(ids.size());
        SwitchboardException[] results = new SwitchboardException[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            SwitchboardException refused;
            try {
                String topic = Names.parse(ids.get(i)).topic();
                refused = decided.computeIfAbsent(topic, t -> {
                    try {
                        Caller.authorize(authorizer, request, Access.permission("consume", Names.path(t)));
                        return Optional.empty();
                    } catch (SwitchboardException e) {
                        return Optional.of(e);
                    }
                }).orElse(null);
            } catch (SwitchboardException notAnId) {
                refused = notAnId;
            }
            if (refused == null) {
                allowed.add(ids.get(i));
            } else {
                results[i] = refused;
            }
        }
        List<SwitchboardException> settled = allowed.isEmpty() ? List.of()
                : ack ? bus.ackAll(allowed, group, caller) : bus.nackAll(allowed, group, caller, delay);
        for (int i = 0, k = 0; i < ids.size(); i++) {
            if (results[i] == null) {
                results[i] = settled.get(k++);
            }
        }
        HttpIo.write(response, 200, BatchJson.settledBytes(ids, Arrays.asList(results), ack ? "acked" : "nacked"));
    }

    private void awaitReply(HttpServletRequest request, Bus.Request pending, long timeout) {
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout + TimeUnit.SECONDS.toMillis(5));
        pending.reply().whenComplete((reply, failure) -> {
            HttpServletResponse out = (HttpServletResponse) async.getResponse();
            try {
                if (failure == null) {
                    byte[] prefix = ("{\"id\":" + HttpIo.JSON.writeValueAsString(pending.id()) + ",\"reply\":").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    byte[] body = new byte[prefix.length + reply.length + 1];
                    System.arraycopy(prefix, 0, body, 0, prefix.length);
                    System.arraycopy(reply, 0, body, prefix.length, reply.length);
                    body[body.length - 1] = '}';
                    HttpIo.write(out, 200, body);
                } else {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                    HttpIo.error(out, cause instanceof SwitchboardException coded ? coded
                            : new SwitchboardException(BusErrors.UNAVAILABLE, "the reply could not be had"));
                }
            } catch (IOException e) {
                bus.abandon(pending.id()); // the producer went away: nobody waits any more
            } finally {
                async.complete();
            }
        });
    }

    // --- consume

    private void lease(HttpServletRequest request, HttpServletResponse response, String caller, String topic) throws IOException {
        Params.only(request, List.of("group", "max", "visibility"));
        String group = Names.group(request.getParameter("group"));
        int max = Params.integer(request, "max", 1, Integer.MIN_VALUE, Integer.MAX_VALUE, BusErrors.INVALID_LEASE);
        Long visibility = request.getParameter("visibility") == null ? null
                : (long) Params.integer(request, "visibility", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, BusErrors.INVALID_VISIBILITY);
        JsonNode body = HttpIo.optionalJson(request, MAX_FILTER_BODY_BYTES, "the lease's {\"filter\"}");
        if (body != null) {
            ObjectNode options = Params.object(body, "a lease's options", List.of("filter"));
            if (options.hasNonNull("filter")) {
                MessageFilter filter = MessageFilter.parse(options.get("filter"));
                bus.checkLease(topic, group, max, visibility == null ? null : Duration.ofMillis(visibility)); // a refused lease fixes no filter
                bus.filterGroup(topic, group, filter);
            }
        }
        List<Delivery> leased = bus.lease(topic, group, caller, max, visibility == null ? null : Duration.ofMillis(visibility));
        HttpIo.write(response, 200, DeliveryJson.messages(leased));
    }

    private void settle(HttpServletRequest request, HttpServletResponse response, String caller, String id, boolean ack) throws IOException {
        Params.only(request, ack ? List.of("group") : List.of("group", "delay"));
        String group = Names.group(request.getParameter("group"));
        if (ack) {
            bus.ack(id, group, caller);
        } else {
            bus.nack(id, group, caller, Duration.ofMillis(Params.integer(request, "delay", 0, 0, Integer.MAX_VALUE)));
        }
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("id", id).put(ack ? "acked" : "nacked", true));
    }

    private void reply(HttpServletRequest request, HttpServletResponse response, String caller, String id) throws IOException {
        JsonNode payload = HttpIo.json(request, bus.maxPayloadBytes(), "the reply");
        bus.reply(id, caller, HttpIo.compact(payload));
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("id", id).put("replied", true));
    }

    // --- dead letters

    private void redrive(HttpServletRequest request, HttpServletResponse response, String topic) throws IOException {
        List<String> ids = Params.ids(HttpIo.optionalJson(request, 1024 * 1024, "the ids to re-drive"));
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("redriven", bus.redrive(topic, ids)));
    }

    private void purge(HttpServletRequest request, HttpServletResponse response, String topic) throws IOException {
        List<String> ids = Params.ids(HttpIo.optionalJson(request, 1024 * 1024, "the ids to purge"));
        HttpIo.write(response, 200, HttpIo.JSON.createObjectNode().put("purged", bus.purgeDeadLetters(topic, ids)));
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    /** For tests and the WebSocket edge: the streams this servlet holds. */
    Streams streams() {
        return streams;
    }
}
