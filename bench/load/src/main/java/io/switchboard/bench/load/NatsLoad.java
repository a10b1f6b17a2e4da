package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * NATS request/reply through a nats-server on loopback, the peer that bench/mesh-net.sh measures
 * beside Switchboard's remote call, with the Java client (jnats). Each workload is bounded in count
 * and time and prints {@code call|pipe <metric> <value>} lines, as {@link MeshLoad} does:
 * <pre>
 *   nats-responder URL              answers every request on "bench.version" with "1.0.0" (runs until killed)
 *   nats-call URL [N]               one request in flight: p50_us, p99_us
 *   nats-pipe URL [N] [WINDOW]      WINDOW requests in flight (default 100): calls_per_s, p99_us
 * </pre>
 * The request body is the Switchboard call frame, so both carry the same bytes.
 */
public final class NatsLoad {

    private static final String SUBJECT = "bench.version";
    private static final byte[] REQUEST = MeshCalls.call(1).getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = "1.0.0".getBytes(StandardCharsets.UTF_8);
    private static final int WARM_UP = 2_000;
    private static final long LIMIT_SECONDS = 120;

    private NatsLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        switch (args[0]) {
            case "nats-responder" -> respond(url);
            case "nats-call" -> call(url, n);
            case "nats-pipe" -> pipe(url, n, args.length > 3 ? Integer.parseInt(args[3]) : 100);
            default -> throw new IllegalArgumentException("unknown workload " + args[0] + " (nats-responder, nats-call, nats-pipe)");
        }
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    private static void respond(String url) throws Exception {
        Connection connection = connect(url);
        Dispatcher dispatcher = connection.createDispatcher(message -> connection.publish(message.getReplyTo(), ANSWER));
        dispatcher.subscribe(SUBJECT);
        connection.flush(Duration.ofSeconds(5)); // the subscription has reached the server: requests will find it
        System.out.println("READY");
        Thread.currentThread().join();
    }

    private static void call(String url, int n) throws Exception {
        try (Connection connection = connect(url)) {
            for (int i = 0; i < WARM_UP; i++) {
                expect(connection.request(SUBJECT, REQUEST, Duration.ofSeconds(5)));
            }
            Stats latency = new Stats(n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
                long start = System.nanoTime();
                Message answer = connection.request(SUBJECT, REQUEST, Duration.ofSeconds(5));
                latency.add(System.nanoTime() - start);
                expect(answer);
            }
            System.out.printf("call p50_us %.1f%ncall p99_us %.1f%ncall calls %d%n", latency.micros(0.5),
                    latency.micros(0.99), latency.size());
        }
    }

    private static void pipe(String url, int n, int window) throws Exception {
        try (Connection connection = connect(url)) {
            int[] warmUp = round(connection, Math.min(n, 20_000), window, null);
            Stats latency = new Stats(n);
            long start = System.nanoTime();
            int[] outcome = round(connection, n, window, latency);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pipe calls_per_s %.0f%npipe p99_us %.1f%npipe calls %d%npipe failed %d%npipe all_calls %d%n",
                    outcome[0] / seconds, latency.micros(0.99), outcome[0], outcome[1], warmUp[0] + warmUp[1] + outcome[0] + outcome[1]);
        }
    }

    /** n requests, at most window unanswered; returns {answered, failed}. */
    private static int[] round(Connection connection, int n, int window, Stats latency) throws Exception {
        return Pipeline.round("nats-pipe", n, window, LIMIT_SECONDS, latency, done -> connection.request(SUBJECT, REQUEST)
                .orTimeout(10, TimeUnit.SECONDS)
                .whenComplete((message, error) -> done.done(error == null && message != null && !message.isStatusMessage() ? null
                        : error != null ? error : String.valueOf(message))));
    }

    private static void expect(Message answer) {
        if (answer == null || answer.isStatusMessage()) {
            throw new IllegalStateException("no answer from a responder: " + answer);
        }
    }
}
