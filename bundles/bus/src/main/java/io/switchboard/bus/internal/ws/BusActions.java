package io.switchboard.bus.internal.ws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Outgoing;
import io.switchboard.bus.internal.BatchJson;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.DeliveryJson;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.PublishOptions;
import io.switchboard.bus.internal.route.MessageFilter;
import io.switchboard.protocol.Request;
import io.switchboard.queue.QueueService;
import io.switchboard.security.Principal;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.system.access.Access;

/**
 * The bus's WebSocket actions (docs/protocol.md, "Bus actions"): {@code bus.publish},
 * {@code bus.request}, {@code bus.lease}, {@code bus.ack}, {@code bus.nack}, {@code bus.reply},
 * {@code bus.subscribe} and {@code bus.unsubscribe}. A message is named by the field {@code message}
 * ({@code id} is the request's own); a batch by {@code messages} (publish: entries; ack, nack: ids of one topic). The consumer is the session's login (a user or
 * a service), or {@code anonymous} without the security feature.
 */
@Component(property = {ActionHandler.ACTION + "=bus.publish", ActionHandler.ACTION + "=bus.request", ActionHandler.ACTION + "=bus.lease",
        ActionHandler.ACTION + "=bus.ack", ActionHandler.ACTION + "=bus.nack", ActionHandler.ACTION + "=bus.reply",
        ActionHandler.ACTION + "=bus.subscribe", ActionHandler.ACTION + "=bus.unsubscribe"})
public final class BusActions implements ActionHandler {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MESSAGE_OPTIONS = Set.of("priority", "key", "dedupId", "delayMillis");
    private static final Set<String> REQUEST_OPTIONS = Set.of("priority", "key", "dedupId", "delayMillis", "timeoutMillis");
    /** Where a session keeps its bus subscriptions, by id. */
    private static final String SUBSCRIPTIONS = "bus.subscriptions";

    private final BusCore bus;
    private final QueueService queues;
    private final AtomicLong ids = new AtomicLong();
    private final Map<WireSubscription, Boolean> open = new ConcurrentHashMap<>();

    @Activate
    public BusActions(@Reference BusCore bus, @Reference QueueService queues) {
        this.bus = bus;
        this.queues = queues;
    }

    @Override
    public Access access(Session session, Request request) {
        ObjectNode params = request.params();
        return switch (request.action()) {
            case "bus.publish", "bus.request" -> Access.permission("publish", Names.path(Names.topic(WireFields.text(params, "topic"))));
            case "bus.lease", "bus.subscribe" -> Access.permission("consume", Names.path(Names.topic(WireFields.text(params, "topic"))));
            case "bus.ack", "bus.nack" -> Access.permission("consume", Names.path(params.has("messages") ? batchTopic(params)
                    : Names.parse(WireFields.text(params, "message")).topic()));
            case "bus.reply" -> Access.permission("consume", Names.path(Names.parse(WireFields.text(params, "message")).topic()));
            default -> Access.login();
        };
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode params = request.params();
        String consumer = consumer(session);
        switch (request.action()) {
            case "bus.publish" -> {
                if (params.has("messages")) {
                    return Promises.resolved(publishBatch(params, consumer));
                }
                Bus.Published published = bus.publishAs(WireFields.text(params, "topic"), outgoing(params, MESSAGE_OPTIONS), consumer);
                return Promises.resolved(JSON.createObjectNode().put("id", published.id()).put("duplicate", published.duplicate()));
            }
            case "bus.request" -> {
                JsonNode options = WireFields.options(params, REQUEST_OPTIONS);
                Duration timeout = Duration.ofMillis(WireFields.number(options, "timeoutMillis", bus.replyTimeoutMillis()));
                Bus.Request pending = bus.requestAs(WireFields.text(params, "topic"), outgoing(params, REQUEST_OPTIONS), timeout, consumer);
                Deferred<JsonNode> answer = new Deferred<>();
                pending.reply().whenComplete((reply, failure) -> {
                    if (failure != null) {
                        answer.fail(failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
                        return;
                    }
                    try {
                        answer.resolve(JSON.createObjectNode().put("id", pending.id()).set("reply", JSON.readTree(reply)));
                    } catch (java.io.IOException e) {
                        answer.fail(e);
                    }
                });
                return answer.getPromise();
            }
            case "bus.lease" -> {
                String topic = WireFields.text(params, "topic");
                String group = group(params);
                int max = (int) WireFields.number(params, "max", 1);
                Duration visibility = visibility(params);
                if (params.hasNonNull("filter")) {
                    bus.checkLease(topic, group, max, visibility); // a refused lease fixes no filter
                    filterGroup(params, topic, group);
                }
                return Promises.resolved(read(DeliveryJson.messages(bus.lease(topic, group, consumer, max, visibility))));
            }
            case "bus.ack" -> {
                if (params.has("messages")) {
                    List<String> ids = ids(params);
                    return Promises.resolved(BatchJson.settled(ids, bus.ackAll(ids, group(params), consumer), "acked"));
                }
                bus.ack(WireFields.text(params, "message"), group(params), consumer);
                return Promises.resolved(BooleanNode.TRUE);
            }
            case "bus.nack" -> {
                if (params.has("messages")) {
                    List<String> ids = ids(params);
                    return Promises.resolved(BatchJson.settled(ids, bus.nackAll(ids, group(params), consumer,
                            Duration.ofMillis(WireFields.number(params, "delayMillis", 0))), "nacked"));
                }
                bus.nack(WireFields.text(params, "message"), group(params), consumer, Duration.ofMillis(WireFields.number(params, "delayMillis", 0)));
                return Promises.resolved(BooleanNode.TRUE);
            }
            case "bus.reply" -> {
                bus.reply(WireFields.text(params, "message"), consumer, payload(WireFields.required(params, "payload")));
                return Promises.resolved(BooleanNode.TRUE);
            }
            case "bus.subscribe" -> {
                return Promises.resolved(JSON.createObjectNode().put("subscription", subscribe(session, params, consumer)));
            }
            case "bus.unsubscribe" -> {
                return Promises.resolved(BooleanNode.valueOf(end(subscriptions(session), WireFields.text(params, "subscription"))));
            }
            default -> throw new SwitchboardException(BusErrors.UNKNOWN_ROUTE, "no bus action " + BusErrors.shown(request.action()));
        }
    }

    /** A lease's or subscription's {@code filter} (a webhook's filter), fixed for its group when the group is made. */
    private void filterGroup(ObjectNode params, String topic, String group) {
        JsonNode filter = params.get("filter");
        if (filter != null && !filter.isNull()) {
            bus.filterGroup(topic, group, MessageFilter.parse(filter));
        }
    }

    private String subscribe(Session session, ObjectNode params, String consumer) {
        String topic = WireFields.text(params, "topic");
        String group = group(params);
        int max = (int) WireFields.number(params, "max", 10);
        Duration visibility = visibility(params);
        bus.checkLease(topic, group, max, visibility);
        filterGroup(params, topic, group);
        String id = "b-" + ids.incrementAndGet();
        WireSubscription subscription = new WireSubscription(bus, queues.queue(QueueService.PUBLICATION).lane(), session, id, topic, group, consumer,
                max, visibility);
        open.put(subscription, Boolean.TRUE);
        Map<String, WireSubscription> mine = subscriptions(session);
        mine.put(id, subscription);
        subscription.start();
        if (!session.isOpen()) {
            end(mine, id);
        }
        return id;
    }

    private boolean end(Map<String, WireSubscription> subscriptions, String id) {
        WireSubscription ended = subscriptions.remove(id);
        if (ended != null) {
            open.remove(ended);
            ended.close();
        }
        return ended != null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, WireSubscription> subscriptions(Session session) {
        Map<String, Object> attributes = session.attributes();
        Map<String, WireSubscription> mine = (Map<String, WireSubscription>) attributes.get(SUBSCRIPTIONS);
        if (mine != null) {
            return mine;
        }
        Map<String, WireSubscription> created = new ConcurrentHashMap<>();
        Object raced = attributes.putIfAbsent(SUBSCRIPTIONS, created);
        if (raced != null) {
            return (Map<String, WireSubscription>) raced;
        }
        session.onClose(() -> created.keySet().forEach(id -> end(created, id)));
        return created;
    }

    @Deactivate
    void deactivate() {
        open.keySet().forEach(WireSubscription::close);
        open.clear();
    }

    // --- batches (docs/protocol.md, "Bus actions"): bus.publish with "messages", bus.ack and bus.nack with "messages" (ids of one topic)

    /** {@code messages}: 1 to maxBatchMessages entries {@code {"payload", "options"?}}, each checked before any is stored. */
    private JsonNode publishBatch(ObjectNode params, String consumer) {
        if (params.has("payload") || params.has("options")) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a batch names 'messages', each with its own 'payload' and 'options'; not both");
        }
        JsonNode entries = params.get("messages");
        if (!entries.isArray()) {
            throw new SwitchboardException("protocol.wrong-type", "'messages' must be an array of {\"payload\", \"options\"?}");
        }
        bus.checkBatch(entries.size());
        List<Outgoing> messages = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            try {
                if (!(entries.get(i) instanceof ObjectNode entry)) {
                    throw new SwitchboardException("protocol.wrong-type", "an entry is an object {\"payload\", \"options\"?}");
                }
                for (String field : (Iterable<String>) entry::fieldNames) {
                    if (!field.equals("payload") && !field.equals("options")) {
                        throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "unknown field '" + BusErrors.shown(field) + "'; an entry has 'payload' and 'options'");
                    }
                }
                messages.add(outgoing(entry, MESSAGE_OPTIONS));
            } catch (SwitchboardException e) {
                throw BusCore.inBatch(i, e);
            }
        }
        return BatchJson.published(bus.publishAllAs(WireFields.text(params, "topic"), messages, consumer));
    }

    /** The ids of a batch ack or nack, 1 to maxBatchMessages strings; a batch's permission is one topic's, so they are all of one topic. */
    private List<String> ids(ObjectNode params) {
        if (params.has("message")) {
            throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "name one 'message' or a batch of 'messages', not both");
        }
        JsonNode entries = params.get("messages");
        if (!entries.isArray()) {
            throw new SwitchboardException("protocol.wrong-type", "'messages' must be an array of message ids");
        }
        bus.checkBatch(entries.size());
        List<String> ids = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).isTextual()) {
                throw new SwitchboardException("protocol.wrong-type", "messages[" + i + "]: a message id is a string");
            }
            ids.add(entries.get(i).asText());
        }
        return ids;
    }

    private String batchTopic(ObjectNode params) {
        String topic = null;
        for (String id : ids(params)) {
            String of = Names.parse(id).topic();
            if (topic != null && !topic.equals(of)) {
                throw new SwitchboardException(BusErrors.INVALID_PARAMETER, "a batch over the WebSocket acks messages of one topic; '"
                        + BusErrors.shown(id) + "' is not of '" + topic + "' (send one batch per topic, or use POST /api/bus/messages/ack)");
            }
            topic = of;
        }
        return topic;
    }

    /** The options as a batch entry's fields are (names and rules of {@link PublishOptions}), within {@code options}. */
    private Outgoing outgoing(ObjectNode params, Set<String> known) {
        JsonNode options = WireFields.options(params, known);
        return new Outgoing(payload(WireFields.required(params, "payload")), PublishOptions.priority("'priority'", options.get("priority")),
                PublishOptions.text("'key'", options.get("key")), PublishOptions.text("'dedupId'", options.get("dedupId")),
                PublishOptions.delayMillis("'delayMillis'", options.get("delayMillis")), Map.of());
    }

    private byte[] payload(JsonNode payload) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(payload);
            if (bytes.length > bus.maxPayloadBytes()) {
                throw new SwitchboardException(BusErrors.TOO_LARGE, "the payload is over the limit of " + bus.maxPayloadBytes() + " bytes");
            }
            return bytes;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SwitchboardException(BusErrors.NOT_JSON, "the payload cannot be written as JSON");
        }
    }

    private static String group(ObjectNode params) {
        return Names.group(WireFields.optionalText(params, "group"));
    }

    private static Duration visibility(ObjectNode params) {
        JsonNode value = params.get("visibility");
        return value == null || value.isNull() ? null : Duration.ofMillis(WireFields.number(params, "visibility", 0));
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the bus wrote JSON it cannot read back", e);
        }
    }

    /** The session's login, as the bus names consumers. */
    static String consumer(Session session) {
        return session.attributes().get(Principal.SESSION_ATTRIBUTE) instanceof Principal principal ? principal.username() : "anonymous";
    }
}
