package io.switchboard.bench.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The shared store's write latency, one write in flight, printing {@code <workload> <metric> <value>}
 * lines (bench/store.sh reads them). Both sides write the same 100-byte document over the same 1,000
 * keys, so after the warm-up every write replaces a row:
 * <pre>
 *   upsert JDBC_URL [N]              PostgreSQL's own single-row upsert (INSERT ... ON CONFLICT DO UPDATE,
 *                                    synchronous commit) from a JDBC client; the password in PGPASSWORD
 *   set    PORT [N]                  set through a runtime over the WebSocket (TRANSACTIONAL: acknowledged
 *                                    once stored), whatever its store
 *   set-to-subscriber PORT_A PORT_B [N]
 *                                    set on runtime A, received by a subscriber on runtime B: the two-node
 *                                    run; it needs the cluster (issue 12), and says so when no event
 *                                    reaches B
 * </pre>
 */
public final class StoreLoad {

    private static final String DOC = "{\"name\":\"bench\",\"payload\":\"" + "x".repeat(60) + "\",\"n\":1}";
    private static final int KEYS = 1_000;
    private static final int WARM_UP = 2_000;

    private StoreLoad() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "upsert" -> upsert(args[1], count(args, 2));
            case "set" -> set(Integer.parseInt(args[1]), count(args, 2));
            case "set-to-subscriber" -> setToSubscriber(Integer.parseInt(args[1]), Integer.parseInt(args[2]), count(args, 3));
            default -> throw new IllegalArgumentException("unknown workload " + args[0]);
        }
    }

    private static int count(String[] args, int index) {
        return args.length > index ? Integer.parseInt(args[index]) : 20_000;
    }

    private static void upsert(String url, int n) throws SQLException {
        Properties credentials = new Properties();
        if (System.getenv("PGPASSWORD") != null) {
            credentials.setProperty("password", System.getenv("PGPASSWORD"));
        }
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS bench_upsert (k text PRIMARY KEY, v jsonb NOT NULL)");
            }
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO bench_upsert (k, v) VALUES (?, ?::jsonb) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
                Stats latency = new Stats(n);
                for (int i = 0; i < WARM_UP + n; i++) {
                    long start = System.nanoTime();
                    upsert.setString(1, "/bench/store/" + i % KEYS);
                    upsert.setString(2, DOC);
                    upsert.executeUpdate();
                    if (i >= WARM_UP) {
                        latency.add(System.nanoTime() - start);
                    }
                }
                print("upsert", latency);
            }
        }
    }

    private static void set(int port, int n) throws IOException {
        try (FrameSocket socket = session(port)) {
            Stats latency = new Stats(n);
            // each set written from the previous answer's callback ({@link FrameSocket#oneAtATime})
            socket.oneAtATime(WARM_UP + n, Long.MAX_VALUE, i -> "{\"id\":" + i + ",\"action\":\"set\",\"path\":\"/bench/store/" + i % KEYS + "\",\"data\":" + DOC + "}",
                    (i, nanos, answer) -> {
                        MeshCalls.expectOk(answer);
                        if (i >= WARM_UP) {
                            latency.add(nanos);
                        }
                    });
            print("set", latency);
        }
    }

    private static void setToSubscriber(int portA, int portB, int n) throws IOException {
        try (FrameSocket writer = session(portA); FrameSocket subscriber = session(portB)) {
            subscriber.send("{\"id\":1,\"action\":\"on\",\"path\":\"/bench/cross/*\",\"options\":{\"eventType\":\"set\"}}", true);
            MeshCalls.expectOk(subscriber.receive());
            Stats latency = new Stats(n);
            Thread timeout = null;
            for (int i = 0; i < WARM_UP + n; i++) {
                long start = System.nanoTime();
                writer.send("{\"id\":" + i + ",\"action\":\"set\",\"path\":\"/bench/cross/" + i % KEYS + "\",\"data\":" + DOC + "}", true);
                MeshCalls.expectOk(writer.receive());
                if (i == 0) {
                    // one event must arrive within 5 s, else runtime B is not in a cluster with A
                    timeout = watchdog(subscriber);
                }
                String frame = subscriber.receive();
                if (i == 0) {
                    timeout.interrupt();
                }
                if (!frame.startsWith("{\"publication\"")) {
                    continue;
                }
                if (i >= WARM_UP) {
                    latency.add(System.nanoTime() - start);
                }
            }
            print("set-to-subscriber", latency);
        }
    }

    /** Closes the subscriber's socket if the first event does not come, so that the run ends with a clear line. */
    private static Thread watchdog(FrameSocket subscriber) {
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(5); // the deadline itself: nothing else can be awaited for an event that never comes
                System.out.println("set-to-subscriber no_event_within_ms 5000");
                System.err.println("no event reached runtime B within 5 s: the runtimes share the store but are not a cluster"
                        + " (publications cross nodes only with the cluster feature)");
                subscriber.close();
            } catch (InterruptedException e) {
                // the event came in time
            }
        }, "first-event-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        return watchdog;
    }

    private static FrameSocket session(int port) throws IOException {
        FrameSocket socket = FrameSocket.open(port);
        socket.send("{\"id\":0,\"action\":\"handshake\",\"client\":\"store-load\"}", true);
        MeshCalls.expectOk(socket.receive());
        return socket;
    }

    private static void print(String workload, Stats latency) {
        System.out.printf("%s p50_us %.1f%n%s p99_us %.1f%n", workload, latency.micros(0.5), workload, latency.micros(0.99));
    }
}
