import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.sun.net.httpserver.HttpServer;

/**
 * Webhook fan-out (bench/bus-webhooks.sh): one topic, SUBSCRIBERS webhook subscriptions (each its own
 * group and callback path on one loopback HTTP server in this JVM), MESSAGES publishes with 50 in
 * flight. Each payload carries its publish time (System.nanoTime of this JVM), so the callback's
 * receipt gives the publish-to-callback latency on one clock. Prints deliveries/s and p50/p99.
 * JDK only: run with `java WebhookFanout.java <base> <token> <subscribers> <messages>`.
 */
public class WebhookFanout {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        int subscribers = Integer.parseInt(args[2]);
        int messages = Integer.parseInt(args[3]);
        long expected = (long) subscribers * messages;
        long[] latencies = new long[(int) expected];
        AtomicLong received = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            String text = new String(body, StandardCharsets.UTF_8);
            long sent = Long.parseLong(text.substring(text.indexOf(':') + 1, text.indexOf('}')).trim());
            long n = received.getAndIncrement();
            if (n < latencies.length) {
                latencies[(int) n] = now - sent;
            }
            lastAt.set(now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String topic = "fanout-" + Long.toHexString(System.nanoTime());
        send(client, base, token, "PUT", "/api/bus/topics/" + topic, "{\"driver\": \"memory\", \"maxLength\": 1000000}");
        for (int i = 0; i < subscribers; i++) {
            send(client, base, token, "POST", "/api/bus/topics/" + topic + "/subscriptions", "{\"group\": \"s" + i + "\", \"callback\": \"http://127.0.0.1:"
                    + server.getAddress().getPort() + "/s" + i + "\", \"secret\": \"bench-secret-0123456789\"}");
        }
        Semaphore window = new Semaphore(50);
        long started = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/bus/topics/" + topic + "/messages")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"t\": " + System.nanoTime() + "}")).build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> window.release());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (received.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long got = Math.min(received.get(), expected);
        double seconds = (lastAt.get() - started) / 1e9;
        long[] sorted = Arrays.copyOf(latencies, (int) got);
        Arrays.sort(sorted);
        System.out.printf("webhook fan-out: %d subscribers x %d messages: %d of %d deliveries in %.1f s = %.0f deliveries/s;"
                + " publish->callback p50 %.1f ms, p99 %.1f ms%n", subscribers, messages, got, expected, seconds, got / seconds,
                sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6, sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6);
        server.stop(0);
        System.exit(got == expected ? 0 : 1);
    }

    private static void send(HttpClient client, String base, String token, String method, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
