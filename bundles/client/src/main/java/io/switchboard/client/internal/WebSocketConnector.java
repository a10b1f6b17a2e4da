package io.switchboard.client.internal;

import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;

/**
 * Opens {@link WebSocketLink}s with Jetty 12's core WebSocket client: one HTTP client (its own
 * small pool of daemon threads, one selector) per {@code SwitchboardClient}, which every link of
 * that client (the first and each reconnect) goes through; stopped when the client closes.
 *
 * <p>What Jetty's selector hands to its executor (reading a connection that became readable) runs
 * on the selector's own thread: the thread woken by the server's bytes reads them and completes the
 * requests they answer, as a dedicated reading thread would. Left to Jetty's pool, each wake-up of
 * the selector also woke a second thread (a reserved thread to select while the first reads, or a
 * worker to read), a context switch per answer on the critical path of one call in flight. The
 * client has one connection at a time, so nothing else waits for that selector meanwhile.
 */
final class WebSocketConnector {

    /** The bytes Jetty reads at once, and the room of its batch buffer (a batched frame is at most a quarter of it). */
    private static final int BUFFER = 64 * 1024;

    private final WebSocketCoreClient client;
    private final QueuedThreadPool threads;
    /** The links opened and not ended yet: one, but for a moment while a reconnect opens the next. */
    private final Set<WebSocketLink> links = ConcurrentHashMap.newKeySet();

    /** Starts Jetty's client; {@code tls} (or the JVM's default when null) secures {@code wss:} links, whose certificate must name the host. */
    WebSocketConnector(SSLContext tls, Duration connectTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2, 60_000, 0, null, null, work -> new OwnThread(work, this));
        threads.setName("switchboard-client");
        threads.setDaemon(true); // as the client's other threads: they never keep a JVM alive
        threads.setStopTimeout(1_000);
        Executor readsWhereItSelects = task -> {
            if (Thread.currentThread() instanceof OwnThread own && own.connector == this) { // not another client's: its selector is its own
                read(task);
            } else {
                threads.execute(task);
            }
        };
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        try {
            ssl.setSslContext(tls != null ? tls : SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        connector.setSelectors(1);
        connector.setTCPNoDelay(true);
        connector.setConnectTimeout(connectTimeout);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(readsWhereItSelects);
        http.setScheduler(new ScheduledExecutorScheduler("switchboard-client-scheduler", true));
        http.setConnectTimeout(connectTimeout.toMillis());
        ArrayByteBufferPool buffers = new ArrayByteBufferPool();
        http.setByteBufferPool(buffers);
        client = new WebSocketCoreClient(http, new WebSocketComponents(null, null, buffers, null, null, readsWhereItSelects));
        this.threads = threads;
        try {
            threads.start(); // before the client, whose selector it runs
            client.start();
        } catch (Exception e) {
            try {
                threads.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException("Jetty's WebSocket client did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Runs what the selector hands over (reading a connection, until what it read is handled and
     * the socket has no more) with the open links told: what is sent meanwhile waits, batched, and
     * goes in one write once the read is drained, rather than one write per message read (see
     * {@link WebSocketLink}). A task that is not a read (connecting, the upgrade) is told of the same
     * way: what is sent meanwhile goes when it ends.
     */
    private void read(Runnable task) {
        for (WebSocketLink link : links) {
            link.readStarted();
        }
        try {
            task.run();
        } finally {
            for (WebSocketLink link : links) {
                link.readDrained();
                if (link.isEnded()) {
                    links.remove(link);
                }
            }
        }
    }

    /** A thread of this connector's pool: what Jetty hands over from one of them runs right there. */
    private static final class OwnThread extends Thread {
        private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

        final WebSocketConnector connector;

        OwnThread(Runnable work, WebSocketConnector connector) {
            super(work, "switchboard-client-" + COUNT.incrementAndGet());
            this.connector = connector;
            setDaemon(true);
        }
    }

    /**
     * Opens a link to {@code uri} ({@code ws:} or {@code wss:}) offering the switchboard.v1
     * subprotocol; fails when the connection, TLS or the upgrade take longer than {@code timeout}.
     */
    CompletableFuture<WebSocketLink> open(URI uri, Duration timeout, int maxQueuedBytes, WebSocketLink.MessageSink onMessage,
                                          BiConsumer<WebSocketLink, String> onEnd) {
        WebSocketLink link = new WebSocketLink(maxQueuedBytes, onMessage, onEnd);
        links.add(link);
        link.opened.whenComplete((opened, failed) -> {
            if (failed != null) {
                links.remove(link);
            }
        });
        try {
            CoreClientUpgradeRequest upgrade = CoreClientUpgradeRequest.from(client, uri, link);
            upgrade.setSubProtocols(WebSocketLink.SUBPROTOCOL);
            upgrade.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            upgrade.setConfiguration(limits());
            client.connect(upgrade).whenComplete((session, failure) -> {
                if (failure != null) {
                    link.opened.completeExceptionally(new IOException(why(failure, timeout), failure));
                }
            });
        } catch (Exception e) { // a URI Jetty refuses (no host, not ws: or wss:), or a client already stopped
            link.opened.completeExceptionally(e);
        }
        return link.opened;
    }

    /** Why a link did not open, in words (Jetty's upgrade failure says "0 null" for a timeout). */
    private static String why(Throwable failure, Duration timeout) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return "no answer to the WebSocket upgrade within " + timeout.toMillis() + " ms";
            }
        }
        if (cause instanceof UpgradeException refused && refused.getResponseStatusCode() > 0) {
            return "the server refused the WebSocket upgrade: HTTP " + refused.getResponseStatusCode();
        }
        Throwable inner = cause instanceof UpgradeException && cause.getCause() != null ? cause.getCause() : cause;
        return inner.getMessage() != null ? inner.getMessage() : inner.toString();
    }

    /**
     * The link's limits: messages up to 64 MiB in a frame (not cut in fragments either way), no idle
     * timeout of the client's own (the server's pings and the client's request timeouts watch the link).
     */
    private static org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer limits() {
        org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer limits =
                new org.eclipse.jetty.websocket.core.Configuration.ConfigurationCustomizer();
        limits.setMaxFrameSize(WebSocketLink.MAX_MESSAGE);
        limits.setMaxTextMessageSize(WebSocketLink.MAX_MESSAGE);
        limits.setAutoFragment(false);
        limits.setIdleTimeout(Duration.ZERO);
        limits.setInputBufferSize(BUFFER);
        limits.setOutputBufferSize(BUFFER);
        return limits;
    }

    /** Stops Jetty's client (its connections are closed) on a thread of its own: never on one of Jetty's, which it would wait for. */
    void stop() {
        Thread stopper = new Thread(() -> {
            try {
                client.stop();
                client.getHttpClient().stop();
                threads.stop();
            } catch (Exception e) {
                // stopping anyway: the threads are daemons
            }
        }, "switchboard-client-stop");
        stopper.setDaemon(true);
        stopper.start();
    }
}
