package io.switchboard.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client's subscriptions, data and component events alike, across connections: which server id
 * stands for which subscription on the current connection, publications that arrive before the
 * answer to their subscribe request, and the set to make again after a reconnect.
 */
final class Subscriptions {

    /** One subscription as the server knows it: how to ask for it and how to hand it a publication. */
    abstract static class Channel {
        volatile String currentId;
        volatile boolean active = true;

        /** The subscribe action ({@code on}, {@code event.on}) and its fields. */
        abstract String action();

        abstract ObjectNode request();

        /** Reads a publication's event and calls the handler with it. */
        abstract void handle(JsonNode event);
    }

    private final Executor delivery;
    private final Set<Channel> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Channel> byServerId = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> early = new ConcurrentHashMap<>();
    /**
     * Subscribe requests awaiting their answer. Publications for an unknown id are kept only while one
     * is in flight (they may belong to it) and forgotten when none is: a late publication for a
     * subscription already ended would otherwise be kept for ever.
     */
    private final AtomicInteger subscribing = new AtomicInteger();

    Subscriptions(Executor delivery) {
        this.delivery = delivery;
    }

    /**
     * Asks the server for the channel through {@code send} (action, fields → answer); once it answers,
     * the channel gets the publications that came before the answer, then the live ones.
     */
    <C extends Channel> Promise<C> subscribe(C channel, BiFunction<String, ObjectNode, Promise<JsonNode>> send) {
        subscribing.incrementAndGet();
        Promise<C> subscribed = send.apply(channel.action(), channel.request()).map(result -> {
            String id = result.get("subscription").asText();
            channel.currentId = id;
            byServerId.put(id, channel);
            List<JsonNode> waiting = early.remove(id);
            if (waiting != null) {
                waiting.forEach(event -> deliver(channel, event));
            }
            live.add(channel);
            return channel;
        });
        return subscribed.onResolve(() -> {
            if (subscribing.decrementAndGet() == 0) {
                early.clear();
            }
        });
    }

    /** Makes every live subscription again on a new connection. */
    Promise<List<Channel>> resubscribe(BiFunction<String, ObjectNode, Promise<JsonNode>> send) {
        List<Promise<Channel>> all = new ArrayList<>();
        for (Channel channel : live) {
            all.add(subscribe(channel, send));
        }
        return Promises.all(all);
    }

    /** A publication on a server id: delivered, or kept until its subscribe answer arrives. */
    void publication(String id, JsonNode event) {
        Channel channel = byServerId.get(id);
        if (channel != null) {
            deliver(channel, event);
        } else if (subscribing.get() > 0) {
            early.computeIfAbsent(id, c -> new ArrayList<>()).add(event);
        }
    }

    /** Ends a subscription on the client's side; false if it was not live. Returns its server id through the channel. */
    boolean remove(Channel channel) {
        if (!live.remove(channel)) {
            return false;
        }
        channel.active = false;
        String id = channel.currentId;
        if (id != null) {
            byServerId.remove(id);
        }
        return true;
    }

    /** The connection is gone: its server ids mean nothing any more. */
    void forgetServerIds() {
        byServerId.clear();
        early.clear();
    }

    int size() {
        return live.size();
    }

    private void deliver(Channel channel, JsonNode event) {
        delivery.execute(() -> {
            if (channel.active) {
                channel.handle(event);
            }
        });
    }
}
