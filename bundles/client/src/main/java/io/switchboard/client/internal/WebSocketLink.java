package io.switchboard.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One WebSocket connection (the JDK's client): whole text messages in, text out one at a time (the
 * JDK allows one outstanding send), and one report when it ends, however it ends. Pings are
 * answered by the JDK.
 */
final class WebSocketLink implements WebSocket.Listener {

    static final String SUBPROTOCOL = "switchboard.v1";

    private final Consumer<String> onMessage;
    private final BiConsumer<WebSocketLink, String> onEnd;
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile boolean ended;

    private WebSocketLink(Consumer<String> onMessage, BiConsumer<WebSocketLink, String> onEnd) {
        this.onMessage = onMessage;
        this.onEnd = onEnd;
    }

    /** Opens a link; {@code onEnd} learns which link ended, so a late report from an old link can be told apart. */
    static CompletableFuture<WebSocketLink> open(HttpClient http, URI uri, Duration timeout, Consumer<String> onMessage,
                                                 BiConsumer<WebSocketLink, String> onEnd) {
        WebSocketLink link = new WebSocketLink(onMessage, onEnd);
        return http.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(timeout)
                .buildAsync(uri, link).thenApply(socket -> {
                    link.socket = socket;
                    return link;
                });
    }

    synchronized void send(String text) {
        WebSocket current = socket;
        sending = sending.exceptionally(e -> null).thenCompose(ignored -> current.sendText(text, true));
        sending.exceptionally(e -> {
            end("sending failed: " + e.getMessage());
            return null;
        });
    }

    void close() {
        WebSocket current = socket;
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "client closed").whenComplete((ws, e) -> current.abort());
        }
        ended = true;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            onMessage.accept(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("connection failed: " + error);
    }

    private void end(String why) {
        if (!ended) {
            ended = true;
            WebSocket current = socket;
            if (current != null) {
                current.abort();
            }
            onEnd.accept(this, why);
        }
    }
}
