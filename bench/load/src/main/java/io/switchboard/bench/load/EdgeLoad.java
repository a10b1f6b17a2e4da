package io.switchboard.bench.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network-edge workloads, each bounded in count and time, printing {@code <workload> <metric>
 * <value>} lines (bench/edge.sh reads them):
 * <pre>
 *   get    PORT [N]    get round trip, one in flight
 *   pipe   PORT [N]    set on one connection, subscriber on another, 200 in flight
 *   fanout PORT [C]    C connections subscribed, one publication to all (5 rounds)
 *   pings  PORT [N]    pings, 200 in flight: the session layer alone
 *   echo-server PORT   raw TCP echo (the floor's other JVM)
 *   tcp    PORT [N]    raw TCP ping-pong round trip against echo-server
 * </pre>
 */
public final class EdgeLoad {

    private static final String DOC = "{\"name\":\"bench\",\"payload\":\"" + "x".repeat(60) + "\",\"n\":1}";
    private static final int WINDOW = 200;

    private EdgeLoad() {
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        int port = Integer.parseInt(args[1]);
        switch (workload) {
            case "get" -> get(port, count(args, 20_000));
            case "pipe" -> pipe(port, count(args, 100_000));
            case "fanout" -> fanout(port, count(args, 1_000));
            case "pings" -> pings(port, count(args, 100_000));
            case "echo-server" -> echoServer(port);
            case "tcp" -> tcp(port, count(args, 20_000));
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    private static int count(String[] args, int fallback) {
        return args.length > 2 ? Integer.parseInt(args[2]) : fallback;
    }

    /** With SWITCHBOARD_ADMIN_PASSWORD set, the runtime is secure: sessions log in as an ordinary user granted /bench/**. */
    private static final String ADMIN_PASSWORD = System.getenv("SWITCHBOARD_ADMIN_PASSWORD");
    private static final String BENCH_LOGIN = "{\"id\":0,\"action\":\"login\",\"username\":\"bench\",\"password\":\"bench-password\"}";
    private static boolean benchUserMade;

    private static FrameSocket session(int port) throws IOException {
        FrameSocket socket = FrameSocket.open(port);
        socket.send("{\"id\":0,\"action\":\"handshake\",\"client\":\"load-driver\"}", true);
        socket.receive();
        if (ADMIN_PASSWORD != null) {
            if (!benchUserMade) {
                makeBenchUser(socket);
            }
            socket.send(BENCH_LOGIN, true);
            MeshCalls.expectOk(socket.receive());
        }
        return socket;
    }

    /** Once per run, as the administrator: the user the load runs as, with a grant like an application's. */
    private static synchronized void makeBenchUser(FrameSocket socket) throws IOException {
        if (benchUserMade) {
            return;
        }
        socket.send("{\"id\":0,\"action\":\"login\",\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}", true);
        MeshCalls.expectOk(socket.receive());
        socket.send("{\"id\":0,\"action\":\"security.upsertUser\",\"username\":\"bench\",\"password\":\"bench-password\","
                + "\"permissions\":[{\"pattern\":\"/bench/**\",\"actions\":[\"*\"]}]}", true);
        MeshCalls.expectOk(socket.receive());
        benchUserMade = true;
    }

    private static final byte[] PUBLICATION = Bytes.ascii("{\"publication\"");
    private static final byte[] TIME = Bytes.ascii("\"t\":");

    /** One get in flight: each sent from the previous answer's callback ({@link FrameSocket#oneAtATime}). */
    private static void get(int port, int n) throws IOException {
        try (FrameSocket socket = session(port)) {
            socket.send("{\"id\":1,\"action\":\"set\",\"path\":\"/bench/get/item\",\"data\":" + DOC + "}", true);
            socket.receive();
            String request = "{\"id\":2,\"action\":\"get\",\"path\":\"/bench/get/item\"}";
            socket.oneAtATime(2_000, Long.MAX_VALUE, i -> request, (i, nanos, answer) -> { });
            Stats latency = new Stats(n);
            socket.oneAtATime(n, Long.MAX_VALUE, i -> request, (i, nanos, answer) -> latency.add(nanos));
            System.out.printf("get p50_us %.1f%nget p99_us %.1f%nget messages %d%n", latency.micros(0.5), latency.micros(0.99), 2_001 + n);
        }
    }

    /**
     * Pipelined sets publish without storing, unless EDGE_STORE=persistent asks for them to be
     * stored (acknowledged at the default consistency, by the runtime's default store).
     */
    private static final String PIPE_OPTIONS = "persistent".equals(System.getenv("EDGE_STORE")) ? "" : ",\"options\":{\"noStore\":true}";

    /**
     * A first round of DRIVER_WARMUP sets (default 0) on other connections, not measured, so that this
     * JVM's own JIT is done with the driver's code before the measured round: a cold driver
     * competes with the server for the 2 cores while it compiles. Its sets count in "messages" (the
     * server's CPU per message is taken over both rounds); the rate and p99 are the measured round's.
     */
    private static void pipe(int port, int n) throws Exception {
        int warm = Integer.parseInt(System.getenv().getOrDefault("DRIVER_WARMUP", "0"));
        if (warm > 0) {
            pipeRound(port, warm, -1);
        }
        pipeRound(port, n, Math.max(0, warm));
    }

    /** One round of n pipelined sets; reports it unless earlier is negative, counting earlier's messages too. */
    private static void pipeRound(int port, int n, int earlier) throws Exception {
        try (FrameSocket writer = session(port); FrameSocket reader = session(port)) {
            reader.send("{\"id\":1,\"action\":\"on\",\"path\":\"/bench/pipe/*\",\"options\":{\"eventType\":\"set\"}}", true);
            reader.receive();
            Stats latency = new Stats(n);
            CountDownLatch all = new CountDownLatch(n);
            // the subscriber: publications read from their bytes on Jetty's reading thread
            reader.listen(frame -> {
                if (all.getCount() > 0 && Bytes.startsWith(frame, PUBLICATION)) {
                    long published = Bytes.numberAfter(frame, TIME);
                    if (published >= 0) {
                        latency.add(System.nanoTime() - published);
                        all.countDown();
                    }
                }
            });
            reader.onEnd(why -> {
                if (all.getCount() > 0) {
                    System.err.println("subscriber: " + why);
                }
            });
            Semaphore window = new Semaphore(WINDOW);
            writer.listen(answer -> window.release());
            long[] cpuAtStart = Cpu.now();
            long jitAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!window.tryAcquire()) {
                    writer.flush();
                    window.acquire();
                }
                writer.send("{\"id\":" + (i + 10) + ",\"action\":\"set\",\"path\":\"/bench/pipe/" + (i % 100)
                        + "\",\"data\":{\"t\":" + System.nanoTime() + ",\"payload\":\"" + "x".repeat(60) + "\"}" + PIPE_OPTIONS + "}", false);
            }
            writer.flush();
            boolean complete = all.await(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long received = n - all.getCount();
            long[] cpuAtEnd = Cpu.now();
            long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitAtStart;
            if (!complete) {
                System.err.println("pipe" + (earlier < 0 ? " (driver warm-up)" : "") + ": only " + received + " of " + n + " publications within 60 s");
            }
            if (earlier < 0) {
                return;
            }
            System.out.printf("pipe msgs_per_s %.0f%npipe p99_ms %.2f%npipe received %d%npipe messages %d%n", received / seconds,
                    latency.micros(0.99) / 1_000.0, received, received + earlier);
            // what the driver itself spent per set in this round, and how much of it its JIT's (a
            // driver whose compilers still work measures them as much as the server)
            System.out.printf("pipe driver_cpu_us_per_msg %.1f%npipe driver_jit_ms %d%n", Cpu.perMessage(cpuAtStart, cpuAtEnd, 0, n), jitMillis);
        }
    }

    /** Pings with 200 in flight on one connection: the session layer's own throughput, without the data path. */
    private static void pings(int port, int n) throws Exception {
        try (FrameSocket socket = session(port)) {
            Semaphore window = new Semaphore(WINDOW);
            CountDownLatch answered = new CountDownLatch(n);
            socket.listen(answer -> {
                window.release();
                answered.countDown();
            });
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!window.tryAcquire()) {
                    socket.flush();
                    window.acquire();
                }
                socket.send("{\"id\":" + i + ",\"action\":\"ping\"}", false);
            }
            socket.flush();
            answered.await(60, TimeUnit.SECONDS);
            System.out.printf("pings per_s %.0f%npings messages %d%n", (n - answered.getCount()) / ((System.nanoTime() - start) / 1e9), n);
        }
    }

    private static void fanout(int port, int connections) throws Exception {
        List<FrameSocket> sockets = new ArrayList<>();
        try {
            AtomicInteger round = new AtomicInteger();
            CountDownLatch[] latches = new CountDownLatch[5];
            for (int r = 0; r < latches.length; r++) {
                latches[r] = new CountDownLatch(connections);
            }
            for (int c = 0; c < connections; c++) {
                FrameSocket socket = session(port);
                socket.send("{\"id\":1,\"action\":\"on\",\"path\":\"/bench/fan/x\",\"options\":{\"eventType\":\"set\"}}", true);
                socket.receive();
                sockets.add(socket);
                int[] next = {0}; // the round this subscriber waits for; its frames come one at a time, on Jetty's reading thread
                socket.listen(frame -> {
                    if (next[0] < latches.length && Bytes.startsWith(frame, PUBLICATION)) {
                        latches[next[0]++].countDown();
                    }
                });
            }
            Stats times = new Stats(latches.length);
            try (FrameSocket writer = session(port)) {
                for (CountDownLatch latch : latches) {
                    long start = System.nanoTime();
                    writer.send("{\"id\":" + round.incrementAndGet() + ",\"action\":\"set\",\"path\":\"/bench/fan/x\",\"data\":" + DOC
                            + ",\"options\":{\"noStore\":true}}", true);
                    writer.receive();
                    if (!latch.await(60, TimeUnit.SECONDS)) {
                        System.err.println("fanout: not all " + connections + " delivered within 60 s");
                    }
                    times.add(System.nanoTime() - start);
                }
            }
            System.out.printf("fanout all_delivered_ms %.1f%nfanout delivered %d%nfanout messages %d%n", times.micros(0.5) / 1_000.0, connections,
                    latches.length * connections);
        } finally {
            for (FrameSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void echoServer(int port) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("READY");
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread echo = new Thread(() -> {
                    byte[] buffer = new byte[64];
                    try (socket; DataInputStream in = new DataInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
                        while (true) {
                            in.readFully(buffer);
                            out.write(buffer);
                        }
                    } catch (IOException e) {
                        // the client is done
                    }
                });
                echo.start();
            }
        }
    }

    private static void tcp(int port, int n) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64];
            Stats latency = new Stats(n);
            for (int i = 0; i < 2_000 + n; i++) {
                long start = System.nanoTime();
                out.write(buffer);
                in.readFully(buffer);
                if (i >= 2_000) {
                    latency.add(System.nanoTime() - start);
                }
            }
            System.out.printf("tcp p50_us %.1f%ntcp p99_us %.1f%ntcp messages %d%n", latency.micros(0.5), latency.micros(0.99), 2_000 + n);
        }
    }
}
