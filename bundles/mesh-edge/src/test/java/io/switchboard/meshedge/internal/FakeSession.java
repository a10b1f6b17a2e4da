package io.switchboard.meshedge.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.session.Session;

/** A session that keeps its close hooks where a test can count them, and runs them on close. */
final class FakeSession implements Session {

    final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    @Override
    public String id() {
        return "s-1";
    }

    @Override
    public String protocol() {
        return "switchboard.v1";
    }

    @Override
    public String transport() {
        return "test";
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1";
    }

    @Override
    public Instant started() {
        return Instant.EPOCH;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** What was published to the session, as {@code channel event}. */
    final List<String> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String channel, JsonNode event) {
        published.add(channel + " " + event);
    }

    @Override
    public void onClose(Runnable cleanup) {
        closeHooks.add(cleanup);
        if (!open) {
            cleanup.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        open = false;
        closeHooks.forEach(Runnable::run);
    }
}
