package io.switchboard.bench.load;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The one Jetty HTTP client of a driver JVM, and the WebSocket client on it. Its threads are daemons,
 * so that a driver's main method ends the JVM as the blocking sockets it replaced did; it asks for no
 * compression (the bus's SSE stream must arrive as written) and sends no User-Agent. A driver opens
 * many connections to one runtime (ten thousand for bench/edge-conns.sh), so the limits per
 * destination are raised far above Jetty's defaults, which are meant for a browser-like client.
 *
 * <p>What Jetty's selector hands to the executor (reading a connection that became readable) runs on
 * the selector's own thread, as the Java client's connector does (bundles/client): left to the pool,
 * every answer woke a second thread (a reserved thread to go on selecting, or a worker to read), a
 * context switch per answer on the path of one request in flight that the blocking sockets this
 * driver used before did not pay. Callbacks here never block (they record, count and send without
 * waiting), so nothing else waits for the selector meanwhile.
 */
final class JettyClients {

    /** Connections and queued requests to one host:port; above the largest connection-count run. */
    private static final int PER_DESTINATION = 65_536;

    private static HttpClient http;
    private static WebSocketCoreClient webSocket;
    private static Executor reads;

    private JettyClients() {
    }

    static synchronized HttpClient http() {
        if (http == null) {
            AtomicInteger count = new AtomicInteger();
            QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000, 0, null, null,
                    work -> new OwnThread(work, "jetty-client-" + count.incrementAndGet()));
            threads.setDaemon(true);
            try {
                threads.start(); // before the client, whose selector it runs
            } catch (Exception e) {
                throw new IllegalStateException("Jetty's client threads did not start", e);
            }
            Executor readsWhereItSelects = task -> {
                if (Thread.currentThread() instanceof OwnThread) {
                    task.run();
                } else {
                    threads.execute(task);
                }
            };
            HttpClient client = new HttpClient();
            client.setExecutor(readsWhereItSelects);
            reads = readsWhereItSelects;
            client.setScheduler(new ScheduledExecutorScheduler("jetty-client-scheduler", true));
            client.setMaxConnectionsPerDestination(PER_DESTINATION);
            client.setMaxRequestsQueuedPerDestination(PER_DESTINATION);
            client.setConnectTimeout(10_000);
            client.setUserAgentField(null);
            client.getContentDecoderFactories().clear();
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty's HTTP client did not start", e);
            }
            http = client;
        }
        return http;
    }

    static synchronized WebSocketCoreClient webSocket() {
        if (webSocket == null) {
            HttpClient on = http();
            WebSocketCoreClient client = new WebSocketCoreClient(on, new WebSocketComponents(null, null, on.getByteBufferPool(), null, null, reads));
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty's WebSocket client did not start", e);
            }
            webSocket = client;
        }
        return webSocket;
    }

    /** A thread of the clients' pool: what Jetty hands over from one of them runs right there. */
    private static final class OwnThread extends Thread {
        OwnThread(Runnable work, String name) {
            super(work, name);
            setDaemon(true);
        }
    }
}
