package io.switchboard.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.CallOptions;
import io.switchboard.client.ClientOptions;
import io.switchboard.client.ClientSubscription;
import io.switchboard.client.ComponentEvent;
import io.switchboard.client.ComponentInfo;
import io.switchboard.client.EventSubscription;
import io.switchboard.client.ConnectionEvent;
import io.switchboard.client.RemoteEvent;
import io.switchboard.client.RemoteItem;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.data.Item;
import io.switchboard.data.Query;
import io.switchboard.data.WriteOptions;
import io.switchboard.subscription.SubscribeOptions;

/**
 * The client: requests matched to answers by id, subscriptions that outlive connections, and the
 * reconnect loop. Events and connection events are delivered on one thread, in order. An answer
 * completes its request's promise on the connection's reading thread (no hand-off): callbacks run
 * there, so they must not wait for another answer of this client, and requests they send (and
 * pipelined requests other threads send meanwhile) go out together, in one write, once that thread
 * has handled the answer; a lone request is written by its sender. The WebSocket itself is Jetty's
 * ({@link WebSocketConnector}). A frame is read as bytes with
 * Jackson's streaming parser; only the result or event becomes a tree, the envelope never does.
 * A request that would make more than {@link ClientOptions#maxQueuedBytes()} wait to be written fails
 * at once with {@code client.overloaded}.
 */
public final class ClientImpl implements SwitchboardClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Answers resolve promises on the reading thread, and their callbacks run right there. */
    private static final PromiseFactory PROMISES = new PromiseFactory(PromiseFactory.inlineExecutor());
    /** How often requests past their time are failed: one sweep for all, not a timer task per request. */
    private static final long SWEEP_MILLIS = 100;
    private static final String DESCRIPTION_CHANNEL = "mesh.description";

    private enum State { CONNECTING, OPEN, RECONNECTING, CLOSED }

    /** How long a connection, its TLS handshake and its upgrade may take. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ClientOptions options;
    /** Jetty's WebSocket client, which every connection of this client goes through. */
    private final WebSocketConnector connector;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-client-timer"));
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(daemon("switchboard-client-events"));
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Subscriptions subscriptions = new Subscriptions(delivery);
    private final List<Consumer<List<ComponentInfo>>> descriptionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.CONNECTING;
    private volatile WebSocketLink link;
    private volatile String sessionId;
    private volatile String token;
    private Duration nextDelay;

    /** A request waiting for its answer, until its deadline. */
    private record Pending(Deferred<JsonNode> answer, String action, long deadlineNanos, long timeoutMillis) {
    }

    private ClientImpl(ClientOptions options) {
        this.options = options;
        this.connector = new WebSocketConnector(options.sslContext(), CONNECT_TIMEOUT);
        this.nextDelay = options.reconnectMin();
        timer.scheduleAtFixedRate(this::failLateRequests, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void failLateRequests() {
        long now = System.nanoTime();
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> entry = it.next();
            Pending late = entry.getValue();
            if (now - late.deadlineNanos() >= 0 && pending.remove(entry.getKey(), late)) {
                late.answer().fail(new SwitchboardException("client.timeout", late.action() + " got no answer within "
                        + late.timeoutMillis() + " ms"));
            }
        }
    }

    public static Promise<SwitchboardClient> connect(ClientOptions options) {
        ClientImpl client;
        try {
            client = new ClientImpl(options);
        } catch (IllegalStateException e) { // Jetty's client did not start
            return Promises.failed(new SwitchboardException("client.connect-failed", "cannot connect to " + options.uri() + ": " + e.getMessage(), e));
        }
        Deferred<SwitchboardClient> connected = new Deferred<>();
        client.attach().onSuccess(session -> {
            client.state = State.OPEN;
            client.emit(ConnectionEvent.Type.CONNECTED, "session " + session);
            connected.resolve(client);
        }).onFailure(failure -> {
            WebSocketLink half = client.link;
            if (half != null) {
                half.close();
            }
            client.shutdown();
            connected.fail(failure instanceof SwitchboardException refused && refused.code().startsWith("security.") ? refused
                    : new SwitchboardException("client.connect-failed", "cannot connect to " + options.uri() + ": " + failure.getMessage(), failure));
        });
        return connected.getPromise();
    }

    /** Opens a connection and does the handshake; resolves with the new session's id. */
    private Promise<String> attach() {
        Deferred<WebSocketLink> opened = new Deferred<>();
        connector.open(options.uri(), CONNECT_TIMEOUT, options.maxQueuedBytes(), this::received, this::lost).whenComplete((ready, error) -> {
            if (error != null) {
                opened.fail(error);
            } else {
                opened.resolve(ready);
            }
        });
        return opened.getPromise().flatMap(ready -> {
            link = ready;
            return send(ready, "handshake", JSON.createObjectNode().put("client", options.name()));
        }).flatMap(welcome -> {
            sessionId = welcome.get("session").asText();
            return logIn(link);
        }).map(loggedIn -> sessionId);
    }

    /**
     * Logs the new connection in: with the token from the last login when there is one (so a reconnect
     * does not need the password again), else with the credentials; nothing without credentials.
     */
    private Promise<Boolean> logIn(WebSocketLink via) {
        if (options.username() == null && token == null) {
            return Promises.resolved(false);
        }
        ObjectNode params = JSON.createObjectNode();
        if (token != null) {
            params.put("token", token);
        } else {
            params.put("username", options.username()).put("password", options.password());
        }
        return send(via, "login", params).recoverWith(failed -> {
            if (token == null || options.username() == null) {
                return null; // nothing else to try: the login failure stands
            }
            token = null; // the token no longer works (expired, revoked): use the password
            return send(via, "login", JSON.createObjectNode().put("username", options.username()).put("password", options.password()));
        }).map(result -> {
            token = result.get("token").asText();
            return true;
        });
    }

    // --- incoming

    /** One frame from the server, read where it stands: only its result, error or event becomes a tree. */
    private void received(byte[] utf8, int offset, int length) {
        long id = -1;
        boolean ok = false;
        JsonNode result = null;
        JsonNode error = null;
        String channel = null;
        JsonNode event = null;
        try (JsonParser parser = JSON.getFactory().createParser(utf8, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "ok" -> ok = value == JsonToken.VALUE_TRUE;
                    case "result" -> result = JSON.readTree(parser);
                    case "error" -> error = JSON.readTree(parser);
                    case "publication" -> channel = parser.getValueAsString();
                    case "event" -> event = JSON.readTree(parser);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return; // the server only sends JSON; nothing sensible to do with anything else
        }
        if (channel != null) {
            if (channel.equals(DESCRIPTION_CHANNEL)) {
                describedAnew(event);
            } else {
                subscriptions.publication(channel, event);
            }
            return;
        }
        Pending request = pending.remove(id);
        if (request == null) {
            return; // timed out already, or an error about an unreadable frame
        }
        if (ok) {
            request.answer().resolve(result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result);
        } else {
            JsonNode problem = error == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : error;
            request.answer().fail(new SwitchboardException(problem.path("code").asText("client.unknown-error"),
                    problem.path("message").asText("")));
        }
    }

    private void describedAnew(JsonNode event) {
        List<ComponentInfo> components;
        try {
            components = MeshWireJson.description(JSON, event);
        } catch (SwitchboardException unreadable) {
            return; // a newer server's description this client cannot read: nothing to tell
        }
        List<Consumer<List<ComponentInfo>>> current = List.copyOf(descriptionListeners);
        delivery.execute(() -> current.forEach(listener -> listener.accept(components)));
    }

    // --- losing and regaining the connection

    private void lost(WebSocketLink which, String why) {
        if (which != link) {
            return; // an old connection's late report
        }
        failPending("client.disconnected", "the connection was lost: " + why);
        if (state != State.OPEN) {
            return; // connecting or reconnecting: that attempt fails and decides what comes next
        }
        state = State.RECONNECTING;
        subscriptions.forgetServerIds();
        emit(ConnectionEvent.Type.DISCONNECTED, why);
        scheduleReconnect();
    }

    private synchronized void scheduleReconnect() {
        if (state == State.CLOSED) {
            return;
        }
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, nextDelay.toMillis() / 5));
        timer.schedule(this::reconnect, nextDelay.toMillis() + jitter, TimeUnit.MILLISECONDS);
        Duration doubled = nextDelay.multipliedBy(2);
        nextDelay = doubled.compareTo(options.reconnectMax()) > 0 ? options.reconnectMax() : doubled;
    }

    private void reconnect() {
        if (state == State.CLOSED) {
            return;
        }
        attach().flatMap(session -> subscriptions.resubscribe(this::sendOnLink).map(restored -> session)).flatMap(session -> rewatch().map(watched -> session))
                .onSuccess(session -> {
            synchronized (this) {
                nextDelay = options.reconnectMin();
            }
            state = State.OPEN;
            emit(ConnectionEvent.Type.RECONNECTED, "session " + session + "; " + subscriptions.size()
                    + " subscriptions restored; events published while disconnected were missed");
        }).onFailure(failure -> {
            WebSocketLink half = link;
            if (half != null) {
                half.close(); // a link that opened but could not be set up again
            }
            subscriptions.forgetServerIds();
            scheduleReconnect();
        });
    }

    /**
     * Watches the description again on a new connection when anyone listens, and tells the listeners
     * the description now: it may have changed while the client was away.
     */
    private Promise<Boolean> rewatch() {
        if (descriptionListeners.isEmpty()) {
            return Promises.resolved(false);
        }
        return send(link, "describe", JSON.createObjectNode().put("watch", true)).map(result -> {
            describedAnew(result);
            return true;
        });
    }

    /** Sends on the current link without the open-state check: subscriptions are made again while reconnecting. */
    private Promise<JsonNode> sendOnLink(String action, ObjectNode params) {
        return send(link, action, params);
    }

    // --- requests

    private Promise<JsonNode> request(String action, ObjectNode params) {
        return request(action, params, options.requestTimeout());
    }

    private Promise<JsonNode> request(String action, ObjectNode params, Duration timeout) {
        return request(action, fields(params), timeout);
    }

    private Promise<JsonNode> request(String action, Fields fields, Duration timeout) {
        Promise<JsonNode> notOpen = unlessOpen();
        return notOpen != null ? notOpen : send(link, action, fields, timeout);
    }

    /** A failed promise saying why no request can go now, or null when the connection is open. */
    private Promise<JsonNode> unlessOpen() {
        if (state == State.CLOSED) {
            return Promises.failed(new SwitchboardException("client.closed", "the client is closed"));
        }
        if (state != State.OPEN) {
            return Promises.failed(new SwitchboardException("client.disconnected", "not connected; the client is reconnecting"));
        }
        return null;
    }

    private Promise<JsonNode> send(WebSocketLink via, String action, ObjectNode params) {
        return send(via, action, params, options.requestTimeout());
    }

    private Promise<JsonNode> send(WebSocketLink via, String action, ObjectNode params, Duration timeout) {
        return send(via, action, fields(params), timeout);
    }

    private Promise<JsonNode> send(WebSocketLink via, String action, Fields fields, Duration timeout) {
        long id = ids.incrementAndGet();
        Deferred<JsonNode> answer = PROMISES.deferred();
        Utf8 frame = new Utf8();
        try {
            frame(frame, id, action, fields);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return Promises.failed(new SwitchboardException("client.bad-arguments", "the request cannot be sent as JSON: " + why));
        }
        boolean othersInFlight = !pending.isEmpty();
        pending.put(id, new Pending(answer, action, System.nanoTime() + timeout.toNanos(), timeout.toMillis()));
        WebSocketLink.Sent sent = via.send(frame.bytes(), frame.size(), othersInFlight);
        if (sent != WebSocketLink.Sent.QUEUED && pending.remove(id) != null) {
            answer.fail(refused(sent, action));
        }
        return answer.getPromise();
    }

    /** Why a request could not be sent, in the application's terms. */
    private SwitchboardException refused(WebSocketLink.Sent sent, String action) {
        if (sent == WebSocketLink.Sent.FULL) {
            return new SwitchboardException("client.overloaded", action + " not sent: with it, more than " + options.maxQueuedBytes()
                    + " bytes of requests would wait to be sent (maxQueuedBytes), the server does not take them as fast as they are made;"
                    + " wait for answers before sending more");
        }
        return state == State.CLOSED ? new SwitchboardException("client.closed", "the client is closed")
                : new SwitchboardException("client.disconnected", action + " not sent: the connection was lost");
    }

    /** A request's fields after its id and action, written straight to the frame's generator. */
    @FunctionalInterface
    interface Fields {
        void writeTo(JsonGenerator out) throws IOException;
    }

    /** The fields of a tree, but id and action (the client's own). */
    private static Fields fields(ObjectNode params) {
        return out -> {
            for (Map.Entry<String, JsonNode> field : params.properties()) {
                if (!field.getKey().equals("id") && !field.getKey().equals("action")) {
                    out.writeFieldName(field.getKey());
                    JSON.writeTree(out, field.getValue());
                }
            }
        };
    }

    /** A frame's UTF-8 bytes, handed to the link where they lie: it owns them from then on (Jetty masks a copy as it writes). */
    private static final class Utf8 extends ByteArrayOutputStream {
        Utf8() {
            super(256);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /** {@code {"id": id, "action": action, ...fields}}, written straight to UTF-8 bytes. */
    private static void frame(Utf8 bytes, long id, String action, Fields fields) throws IOException {
        try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            out.writeStartObject();
            out.writeNumberField("id", id);
            out.writeStringField("action", action);
            fields.writeTo(out);
            out.writeEndObject();
        }
    }

    private void failPending(String code, String message) {
        for (Long id : List.copyOf(pending.keySet())) {
            Pending request = pending.remove(id);
            if (request != null) {
                request.answer().fail(new SwitchboardException(code, message));
            }
        }
    }

    // --- the data API

    @Override
    public Promise<Optional<Item>> set(String path, JsonNode value, WriteOptions writeOptions) {
        ObjectNode params = JSON.createObjectNode().put("path", path);
        params.set("data", value);
        params.set("options", WireOptions.write(writeOptions));
        return request("set", params).map(ClientImpl::item);
    }

    @Override
    public Promise<Optional<Item>> get(String path) {
        return request("get", JSON.createObjectNode().put("path", path)).map(ClientImpl::item);
    }

    @Override
    public Promise<List<Item>> find(String pattern, Query query) {
        ObjectNode params = JSON.createObjectNode().put("path", pattern);
        params.set("options", WireOptions.query(query));
        return request("get", params).map(result -> {
            List<Item> items = new ArrayList<>();
            result.forEach(json -> items.add(remoteItem(json)));
            return items;
        });
    }

    @Override
    public Promise<Long> count(String pattern, ObjectNode criteria) {
        ObjectNode params = JSON.createObjectNode().put("path", pattern);
        if (criteria != null) {
            params.putObject("options").set("criteria", criteria);
        }
        return request("count", params).map(JsonNode::asLong);
    }

    @Override
    public Promise<Long> remove(String pathOrPattern, WriteOptions writeOptions) {
        ObjectNode params = JSON.createObjectNode().put("path", pathOrPattern);
        params.set("options", WireOptions.write(writeOptions));
        return request("remove", params).map(result -> result.get("removed").asLong());
    }

    @Override
    public Promise<Optional<Item>> increment(String path, String field, double by) {
        return request("increment", JSON.createObjectNode().put("path", path).put("field", field).put("by", by)).map(ClientImpl::item);
    }

    @Override
    public Promise<Void> publish(String path, JsonNode value, WriteOptions writeOptions) {
        ObjectNode params = JSON.createObjectNode().put("path", path);
        params.set("data", value);
        params.set("options", WireOptions.write(writeOptions));
        return request("publish", params).map(result -> null);
    }

    @Override
    public Promise<ClientSubscription> on(String pattern, SubscribeOptions subscribeOptions, Consumer<RemoteEvent> handler) {
        Promise<JsonNode> notOpen = unlessOpen();
        if (notOpen != null) {
            return notOpen.map(result -> null);
        }
        return subscriptions.subscribe(new DataSubscription(JSON, pattern, subscribeOptions, handler), this::sendOnLink)
                .map(ClientSubscription.class::cast);
    }

    @Override
    public Promise<Boolean> off(ClientSubscription subscription) {
        if (!(subscription instanceof DataSubscription own) || !subscriptions.remove(own)) {
            return Promises.resolved(false);
        }
        return request("off", JSON.createObjectNode().put("subscription", own.currentId)).map(JsonNode::asBoolean);
    }

    // --- the mesh

    @Override
    public Promise<JsonNode> call(String component, String method, List<?> args, CallOptions callOptions) {
        Fields params = out -> MeshWireJson.call(JSON, out, component, method, args, callOptions);
        // The server answers a mesh timeout itself; the client waits a little longer than that for it.
        Duration wait = callOptions.timeout() == null || callOptions.timeout().compareTo(options.requestTimeout()) < 0
                ? options.requestTimeout() : callOptions.timeout().plusSeconds(1);
        return request("call", params, wait);
    }

    @Override
    public Promise<EventSubscription> onEvent(String component, String event, String range, Consumer<ComponentEvent> handler) {
        Promise<JsonNode> notOpen = unlessOpen();
        if (notOpen != null) {
            return notOpen.map(result -> null);
        }
        return subscriptions.subscribe(new ComponentSubscription(JSON, component, event, range, handler, this::offEvent), this::sendOnLink)
                .map(EventSubscription.class::cast);
    }

    @Override
    public Promise<Boolean> offEvent(EventSubscription subscription) {
        if (!(subscription instanceof ComponentSubscription own) || !subscriptions.remove(own)) {
            return Promises.resolved(false);
        }
        return request("event.off", JSON.createObjectNode().put("subscription", own.currentId)).map(JsonNode::asBoolean);
    }

    // --- the bus

    @Override
    public Promise<String> busPublish(String topic, JsonNode payload, io.switchboard.client.BusOptions busOptions) {
        return request("bus.publish", busMessage(topic, payload, busOptions)).map(result -> result.path("id").asText());
    }

    @Override
    public Promise<JsonNode> busRequest(String topic, JsonNode payload, io.switchboard.client.BusOptions busOptions, Duration timeout) {
        ObjectNode params = busMessage(topic, payload, busOptions);
        params.with("options").put("timeoutMillis", timeout.toMillis());
        Duration wait = timeout.compareTo(options.requestTimeout()) < 0 ? options.requestTimeout() : timeout.plusSeconds(1);
        return request("bus.request", params, wait).map(result -> result.get("reply"));
    }

    private static ObjectNode busMessage(String topic, JsonNode payload, io.switchboard.client.BusOptions busOptions) {
        ObjectNode params = JSON.createObjectNode().put("topic", topic);
        params.set("payload", payload);
        ObjectNode wire = params.putObject("options").put("priority", busOptions.priority());
        if (busOptions.key() != null) {
            wire.put("key", busOptions.key());
        }
        if (busOptions.dedupId() != null) {
            wire.put("dedupId", busOptions.dedupId());
        }
        if (busOptions.delay() != null) {
            wire.put("delayMillis", busOptions.delay().toMillis());
        }
        return params;
    }

    @Override
    public Promise<io.switchboard.client.BusSubscription> busSubscribe(String topic, String group, int max,
            Consumer<io.switchboard.client.BusMessage> handler) {
        Promise<JsonNode> notOpen = unlessOpen();
        if (notOpen != null) {
            return notOpen.map(result -> null);
        }
        return subscriptions.subscribe(new BusChannel(JSON, topic, group, max, handler, this::busUnsubscribe), this::sendOnLink)
                .map(io.switchboard.client.BusSubscription.class::cast);
    }

    @Override
    public Promise<Boolean> busUnsubscribe(io.switchboard.client.BusSubscription subscription) {
        if (!(subscription instanceof BusChannel own) || !subscriptions.remove(own)) {
            return Promises.resolved(false);
        }
        return request("bus.unsubscribe", JSON.createObjectNode().put("subscription", own.currentId)).map(JsonNode::asBoolean);
    }

    @Override
    public Promise<Void> busAck(io.switchboard.client.BusMessage message) {
        return request("bus.ack", JSON.createObjectNode().put("message", message.id()).put("group", message.group())).map(result -> null);
    }

    @Override
    public Promise<Void> busNack(io.switchboard.client.BusMessage message, Duration delay) {
        return request("bus.nack", JSON.createObjectNode().put("message", message.id()).put("group", message.group())
                .put("delayMillis", delay == null ? 0 : delay.toMillis())).map(result -> null);
    }

    @Override
    public Promise<List<io.switchboard.client.BusResult>> busPublishAll(String topic, List<JsonNode> payloads, io.switchboard.client.BusOptions busOptions) {
        if (busOptions.dedupId() != null) {
            throw new IllegalArgumentException("a dedup id on every message of a batch would store it once; publish with a dedup id one by one");
        }
        ObjectNode params = JSON.createObjectNode().put("topic", topic);
        com.fasterxml.jackson.databind.node.ArrayNode entries = params.putArray("messages");
        for (JsonNode payload : payloads) {
            ObjectNode entry = busMessage(topic, payload, busOptions);
            entry.remove("topic");
            entries.add(entry);
        }
        return request("bus.publish", params).map(ClientImpl::busResults);
    }

    /** One bus.ack per topic and group among the messages (a WebSocket batch is one topic's), the results put back in order. */
    @Override
    public Promise<List<io.switchboard.client.BusResult>> busAckAll(List<io.switchboard.client.BusMessage> messages) {
        Map<List<String>, List<Integer>> batches = new java.util.LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            batches.computeIfAbsent(List.of(messages.get(i).topic(), messages.get(i).group()), key -> new ArrayList<>()).add(i);
        }
        io.switchboard.client.BusResult[] results = new io.switchboard.client.BusResult[messages.size()];
        List<Promise<Void>> sent = new ArrayList<>();
        for (Map.Entry<List<String>, List<Integer>> batch : batches.entrySet()) {
            ObjectNode params = JSON.createObjectNode().put("group", batch.getKey().get(1));
            com.fasterxml.jackson.databind.node.ArrayNode ids = params.putArray("messages");
            batch.getValue().forEach(i -> ids.add(messages.get(i).id()));
            sent.add(request("bus.ack", params).map(answer -> {
                List<io.switchboard.client.BusResult> each = busResults(answer);
                for (int k = 0; k < each.size(); k++) {
                    results[batch.getValue().get(k)] = each.get(k);
                }
                return null;
            }));
        }
        return Promises.all(sent).map(done -> List.of(results));
    }

    private static List<io.switchboard.client.BusResult> busResults(JsonNode answer) {
        List<io.switchboard.client.BusResult> results = new ArrayList<>();
        for (JsonNode entry : answer.path("messages")) {
            JsonNode error = entry.path("error");
            results.add(new io.switchboard.client.BusResult(entry.path("id").asText(null), entry.path("duplicate").asBoolean(false),
                    error.path("code").asText(null), error.path("message").asText(null)));
        }
        return results;
    }

    @Override
    public Promise<Void> busReply(io.switchboard.client.BusMessage message, JsonNode reply) {
        ObjectNode params = JSON.createObjectNode().put("message", message.id());
        params.set("payload", reply);
        return request("bus.reply", params).map(result -> null);
    }

    @Override
    public Promise<List<ComponentInfo>> describe() {
        return request("describe", JSON.createObjectNode()).map(result -> MeshWireJson.description(JSON, result));
    }

    @Override
    public Promise<List<ComponentInfo>> onDescriptionChange(Consumer<List<ComponentInfo>> listener) {
        descriptionListeners.add(listener);
        return request("describe", JSON.createObjectNode().put("watch", true)).map(result -> MeshWireJson.description(JSON, result));
    }

    // --- connection

    @Override
    public void onConnectionEvent(Consumer<ConnectionEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        WebSocketLink current = link;
        if (current != null) {
            current.close();
        }
        failPending("client.closed", "the client was closed");
        emit(ConnectionEvent.Type.CLOSED, "closed by the application");
        delivery.execute(this::shutdown);
    }

    private void shutdown() {
        timer.shutdownNow();
        delivery.shutdown();
        connector.stop();
    }

    private void emit(ConnectionEvent.Type type, String detail) {
        ConnectionEvent event = new ConnectionEvent(type, detail);
        // The listeners of this moment: one added later does not hear of what happened before it.
        List<Consumer<ConnectionEvent>> current = List.copyOf(listeners);
        delivery.execute(() -> current.forEach(listener -> listener.accept(event)));
    }

    // --- small helpers

    private static Optional<Item> item(JsonNode result) {
        return result == null || result.isNull() ? Optional.empty() : Optional.of(remoteItem(result));
    }

    private static RemoteItem remoteItem(JsonNode json) {
        JsonNode meta = json.path("meta");
        return new RemoteItem(json.get("path").asText(), (ObjectNode) json.get("data"),
                new RemoteItem.Meta(meta.path("path").asText(), meta.path("created").asLong(), meta.path("modified").asLong(),
                        meta.hasNonNull("modifiedBy") ? meta.get("modifiedBy").asText() : null, meta.path("version").asLong()));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
