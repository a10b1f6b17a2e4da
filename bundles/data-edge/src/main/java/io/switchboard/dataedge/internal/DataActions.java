package io.switchboard.dataedge.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.data.DataErrors;
import io.switchboard.data.DataEvent;
import io.switchboard.data.DataService;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.path.PathPattern;
import io.switchboard.protocol.Request;
import io.switchboard.session.ActionHandler;
import io.switchboard.session.Session;
import io.switchboard.subscription.SubscribeOptions;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;
import io.switchboard.system.access.Access;
import io.switchboard.system.promise.Settled;

/**
 * The data actions of the wire protocol: set, get, count, remove, increment, publish, on, off,
 * offPattern. Each maps one request onto the in-JVM data and subscription services; a session's
 * subscriptions end with the session.
 */
@Component(property = {ActionHandler.ACTION + "=set", ActionHandler.ACTION + "=get", ActionHandler.ACTION + "=count",
        ActionHandler.ACTION + "=remove", ActionHandler.ACTION + "=increment", ActionHandler.ACTION + "=publish",
        ActionHandler.ACTION + "=on", ActionHandler.ACTION + "=off", ActionHandler.ACTION + "=offPattern"})
public final class DataActions implements ActionHandler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The session attribute that says its subscriptions' close hook is in place. */
    private static final String CLOSE_HOOK = "data.subscriptionsEndWithSession";

    private final DataService data;
    private final SubscriptionService subscriptions;

    @Activate
    public DataActions(@Reference DataService data, @Reference SubscriptionService subscriptions) {
        this.data = data;
        this.subscriptions = subscriptions;
    }

    /** A data action needs its permission on the request's path ({@code publish} and {@code increment} count as {@code set}). */
    @Override
    public Access access(Session session, Request request) {
        return switch (request.action()) {
            case "set", "publish", "increment" -> Access.permission("set", DataJson.requiredText(request.params(), "path"));
            case "get", "count", "remove", "on" -> Access.permission(request.action(), DataJson.requiredText(request.params(), "path"));
            case "off", "offPattern" -> Access.login();
            default -> null;
        };
    }

    /**
     * A write that stores may wait for the store (the embedded store's commit reaching the disk, a
     * shared database's answer), so it leaves the reading thread; reads, publications ({@code publish},
     * {@code set} with {@code noStore}) and subscriptions do not wait for anything in this JVM's stores
     * and run on it while the session is idle.
     */
    @Override
    public boolean mayBlock(Session session, Request request) {
        return switch (request.action()) {
            case "set" -> !request.params().path("options").path("noStore").asBoolean(false);
            case "remove", "increment" -> true;
            default -> false;
        };
    }

    /**
     * A read of a path a shared database stores waits for its answer: it runs on a thread that may
     * wait, never on one that reads every connection (the data service says which paths those are).
     */
    @Override
    public boolean mayHoldReader(Session session, Request request) {
        return switch (request.action()) {
            case "get", "count", "on" -> data.readMayWait(DataJson.requiredText(request.params(), "path"));
            default -> false;
        };
    }

    @Override
    public Promise<JsonNode> handle(Session session, Request request) {
        ObjectNode params = request.params();
        return switch (request.action()) {
            case "set" -> set(session, params);
            case "publish" -> data.publish(DataJson.requiredText(params, "path"), DataJson.required(params, "data"),
                    writeOptions(session, params)).map(result -> NODES.nullNode());
            case "get" -> get(DataJson.requiredText(params, "path"), params.get("options"));
            case "count" -> data.count(DataJson.requiredText(params, "path"), DataJson.countCriteria(params.get("options")))
                    .map(LongNode::valueOf);
            case "remove" -> data.remove(DataJson.requiredText(params, "path"), writeOptions(session, params))
                    .map(result -> NODES.objectNode().put("removed", result.removed()));
            case "increment" -> increment(session, params);
            case "on" -> on(session, params);
            case "off" -> subscriptions.off(session.id(), DataJson.requiredText(params, "subscription")).map(BooleanNode::valueOf);
            case "offPattern" -> subscriptions.offPattern(session.id(), DataJson.requiredText(params, "path"))
                    .map(removed -> NODES.objectNode().put("removed", removed));
            default -> Promises.failed(new SwitchboardException("session.unknown-action", "no data action '" + request.action() + "'"));
        };
    }

    private Promise<JsonNode> set(Session session, ObjectNode params) {
        WriteOptions options = writeOptions(session, params);
        return Settled.map(data.set(DataJson.requiredText(params, "path"), DataJson.required(params, "data"), options),
                result -> DataJson.written(result, options)); // from memory: resolved already
    }

    private Promise<JsonNode> get(String path, JsonNode options) {
        if (PathPattern.compile(path).isExact() && (options == null || options.isNull())) {
            return data.get(path).map(item -> item.<JsonNode>map(DataJson::item).orElse(NODES.nullNode()));
        }
        return data.find(path, DataJson.query(options)).map(DataJson::items);
    }

    private Promise<JsonNode> increment(Session session, ObjectNode params) {
        JsonNode by = params.get("by");
        if (by != null && !by.isNumber()) {
            throw new SwitchboardException("protocol.wrong-type", "'by' must be a number");
        }
        WriteOptions options = writeOptions(session, params);
        return data.increment(DataJson.requiredText(params, "path"), DataJson.requiredText(params, "field"),
                by == null ? 1 : by.asDouble(), options).map(result -> DataJson.written(result, options));
    }

    /** Subscribes for the session: events go out on the session's own ordered lane, and the subscription ends with it. */
    private Promise<JsonNode> on(Session session, ObjectNode params) {
        SubscribeOptions options = DataJson.subscribeOptions(params.get("options")).withSession(session.id()).withInline(true);
        String path = DataJson.requiredText(params, "path");
        endWithSession(session);
        SubscriptionChannel channel = new SubscriptionChannel(session);
        Promise<Subscription> subscribed = subscriptions.on(path, options, event -> channel.deliver(eventJson(event)))
                .recoverWith(failed -> Promises.failed(asDataError(failed.getFailure())));
        // Events may reach the client before this answer does (docs/protocol.md says how clients cope).
        return subscribed.onSuccess(subscription -> {
            channel.open(subscription.id());
            if (!session.isOpen()) {
                subscriptions.off(session.id(), subscription.id()); // it closed meanwhile, maybe before this subscription existed
            }
        }).map(subscription -> NODES.objectNode().put("subscription", subscription.id()));
    }

    /**
     * The subscription service's option error as the protocol documents it: one code,
     * {@code data.invalid-option}, for every option the client got wrong.
     */
    private static Throwable asDataError(Throwable failure) {
        if (failure instanceof SwitchboardException e && e.code().equals(SubscriptionService.INVALID_OPTION)) {
            return new SwitchboardException(DataErrors.INVALID_OPTION, e.getMessage());
        }
        return failure;
    }

    /**
     * One close hook per session ends all its subscriptions: a hook per subscription would pile up
     * for the whole session in a client that subscribes and unsubscribes again and again.
     */
    private void endWithSession(Session session) {
        if (session.attributes().putIfAbsent(CLOSE_HOOK, Boolean.TRUE) == null) {
            session.onClose(() -> subscriptions.offPattern(session.id(), "/**")); // '/**' matches every pattern
        }
    }

    /** The last event converted and its JSON; a pair, so that threads racing on it see a consistent one. */
    private record Converted(DataEvent event, JsonNode json) {
    }

    private volatile Converted lastEvent = new Converted(null, null);

    /**
     * One change reaches every subscriber as the same event object: it is converted once, and the
     * one JSON tree goes to all of them (the protocol then writes it once too). Layers that change
     * a publication make a changed copy (see {@link io.switchboard.session.Layer#outbound}).
     */
    private JsonNode eventJson(DataEvent event) {
        Converted last = lastEvent;
        if (last.event() == event) {
            return last.json();
        }
        JsonNode json = DataJson.event(event);
        lastEvent = new Converted(event, json);
        return json;
    }

    private static WriteOptions writeOptions(Session session, ObjectNode params) {
        Object user = session.attributes().get("user");
        return DataJson.writeOptions(params.get("options")).withSession(session.id()).withOrigin(user == null ? null : user.toString());
    }
}
