package io.switchboard.bench.load;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The one Jetty HTTP client of a driver JVM, and the WebSocket client on it. Its threads are daemons,
 * so that a driver's main method ends the JVM as the blocking sockets it replaced did; it asks for no
 * compression (the bus's SSE stream must arrive as written) and sends no User-Agent. A driver opens
 * many connections to one runtime (ten thousand for bench/edge-conns.sh), so the limits per
 * destination are raised far above Jetty's defaults, which are meant for a browser-like client.
 */
final class JettyClients {

    /** Connections and queued requests to one host:port; above the largest connection-count run. */
    private static final int PER_DESTINATION = 65_536;

    private static HttpClient http;
    private static WebSocketCoreClient webSocket;

    private JettyClients() {
    }

    static synchronized HttpClient http() {
        if (http == null) {
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("jetty-client");
            threads.setDaemon(true);
            HttpClient client = new HttpClient();
            client.setExecutor(threads);
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
            WebSocketCoreClient client = new WebSocketCoreClient(http(), null);
            try {
                client.start();
            } catch (Exception e) {
                throw new IllegalStateException("Jetty's WebSocket client did not start", e);
            }
            webSocket = client;
        }
        return webSocket;
    }
}
