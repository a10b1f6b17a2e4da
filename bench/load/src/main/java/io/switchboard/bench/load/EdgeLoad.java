package io.switchboard.bench.load;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The network-edge workloads, each bounded in count and time, printing {@code <workload> <metric>
 * <value>} lines (bench/edge.sh reads them):
 * <pre>
 *   get    PORT [N]    get round trip, one in flight
 *   pipe   PORT [N]    set on one connection, subscriber on another, 200 in flight
 *   fanout PORT [C]    C connections subscribed, one publication to all (warm-up until the JITs are quiet, then 5 measured)
 *   pings  PORT [N]    pings, 200 in flight: the session layer alone
 *   echo-server PORT   raw TCP echo (the floor's other JVM)
 *   tcp    PORT [N]    raw TCP ping-pong round trip against echo-server
 * </pre>
 */
public final class EdgeLoad {

    private static final String DOC = "{\"name\":\"bench\",\"payload\":\"" + "x".repeat(60) + "\",\"n\":1}";
    private static final int WINDOW = PipedSets.WINDOW;

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

    /**
     * One get in flight, each sent from the previous answer's callback ({@link FrameSocket#oneAtATime}):
     * 2,000 first, then DRIVER_WARMUP more (default 0) in rounds until this JVM's compilers are quiet
     * ({@link DriverWarmUp}), then n measured. On one core the driver's own
     * compiler, still at work after 2,000, took the core from the server for milliseconds at a time:
     * measured (per-thread schedstat), 0.97 s of the driver's C2 in 2.3 s of gets, and a p99 of
     * 1.6 ms in the first 20,000 gets of a fresh driver against 67 µs in the fourth. Every round runs
     * the same code ({@link #gets}): a warm-up with code of its own left the JIT compiling again in
     * the measured round (300–500 ms of it).
     */
    private static void get(int port, int n) throws Exception {
        try (FrameSocket socket = session(port)) {
            socket.send("{\"id\":1,\"action\":\"set\",\"path\":\"/bench/get/item\",\"data\":" + DOC + "}", true);
            socket.receive();
            gets(socket, 2_000);
            int warm = driverWarmUp();
            int rounds = warm <= 0 ? 0 : DriverWarmUp.until(() -> {
                gets(socket, warm); // every get is answered, or this throws: oneAtATime has no deadline here
                return true;
            });
            DriverWarmUp.Cost cost = new DriverWarmUp.Cost();
            Stats latency = gets(socket, n);
            System.out.printf("get p50_us %.1f%nget p99_us %.1f%nget messages %d%n", latency.micros(0.5), latency.micros(0.99),
                    1 + 2_000 + rounds * (long) warm + n);
            cost.print("get", "msg", n, rounds); // the driver's own CPU per round trip: on one core, part of each
        }
    }

    /** n gets, one at a time, and their round trips. */
    private static Stats gets(FrameSocket socket, int n) throws IOException {
        Stats latency = new Stats(n);
        socket.oneAtATime(n, Long.MAX_VALUE, i -> GET, (i, nanos, answer) -> latency.add(nanos));
        return latency;
    }

    private static final String GET = "{\"id\":2,\"action\":\"get\",\"path\":\"/bench/get/item\"}";

    /** DRIVER_WARMUP: the messages of one warm-up round of the driver's own JIT, 0 for none. */
    private static int driverWarmUp() {
        return Integer.parseInt(System.getenv().getOrDefault("DRIVER_WARMUP", "0"));
    }

    /**
     * Pipelined sets, published to a subscriber on another connection. Warm-up rounds of
     * DRIVER_WARMUP sets (default 0), not measured, run first on the same two connections until this
     * JVM's compilers are quiet ({@link DriverWarmUp}): a warm-up on other connections, closed before
     * the measured round, made the JIT throw away code it had compiled (a branch taken for the first
     * time at the close), so that it compiled through the measured round again. The warm-up's sets
     * count in "messages" (the server's CPU per message is taken over all rounds); the rate, p99 and
     * the driver's own CPU and JIT are the measured round's.
     */
    private static void pipe(int port, int n) throws Exception {
        int warm = driverWarmUp();
        try (PipedSets pipe = new PipedSets(session(port), session(port))) {
            long[] warmed = {0};
            int rounds = warm <= 0 ? 0 : DriverWarmUp.until(() -> {
                PipedSets.Round round = pipe.round(warm);
                warmed[0] += round.received();
                return round.complete();
            });
            PipedSets.Round measured = pipe.round(n);
            System.out.printf("pipe msgs_per_s %.0f%npipe p99_ms %.2f%npipe received %d%npipe messages %d%n", measured.received() / measured.seconds(),
                    measured.latency().micros(0.99) / 1_000.0, measured.received(), measured.received() + warmed[0]);
            measured.cost().print("pipe", "msg", n, rounds); // what the driver itself spent per set in the measured round
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

    /**
     * C connections subscribed to one path; warm-up publications, not measured, then 5 measured, each
     * written when all had the one before: the median time from one's write until every connection
     * has it. The warm-up is FANOUT_WARMUP publications (default 20), then blocks of 10 more until one
     * in which this JVM's compilers and the server's ({@code SERVER_PID}) used under DRIVER_JIT_SHARE
     * of its wall time, FANOUT_WARMUP_MAX in all at most (default 400). Measured on a fresh runtime:
     * after 60 publications to 1,000 connections the server's compilers still worked on the path
     * (23 ms each), after 150 they were done (7 ms); this JVM's 1,000 readers run interpreted at first.
     */
    private static void fanout(int port, int connections) throws Exception {
        int minWarm = Integer.parseInt(System.getenv().getOrDefault("FANOUT_WARMUP", "20"));
        int maxWarm = Math.max(minWarm, Integer.parseInt(System.getenv().getOrDefault("FANOUT_WARMUP_MAX", "400")));
        int block = 10;
        int measured = 5;
        List<FrameSocket> sockets = new ArrayList<>();
        try {
            CountDownLatch[] latches = new CountDownLatch[maxWarm + measured];
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
            Stats times = new Stats(measured);
            int warmed = 0;
            try (FrameSocket writer = session(port)) {
                long blockStart = System.nanoTime();
                long jitAtBlockStart = jitNanos();
                while (warmed < maxWarm) {
                    publish(writer, warmed, latches[warmed], connections);
                    warmed++;
                    if (warmed >= minWarm && (warmed - minWarm) % block == 0) {
                        long now = System.nanoTime();
                        long jit = jitNanos();
                        if (jit - jitAtBlockStart < DriverWarmUp.QUIET * (now - blockStart)) {
                            break;
                        }
                        blockStart = now;
                        jitAtBlockStart = jit;
                    }
                }
                for (int r = warmed; r < warmed + measured; r++) {
                    times.add(publish(writer, r, latches[r], connections));
                }
            }
            System.out.printf("fanout all_delivered_ms %.1f%nfanout delivered %d%nfanout messages %d%nfanout warm_rounds %d%n",
                    times.micros(0.5) / 1_000.0, connections, (warmed + measured) * connections, warmed);
        } finally {
            for (FrameSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** One publication to all: the nanoseconds from its write until every connection had it. */
    private static long publish(FrameSocket writer, int round, CountDownLatch all, int connections) throws Exception {
        long start = System.nanoTime();
        writer.send("{\"id\":" + (round + 1) + ",\"action\":\"set\",\"path\":\"/bench/fan/x\",\"data\":" + DOC
                + ",\"options\":{\"noStore\":true}}", true);
        writer.receive();
        if (!all.await(60, TimeUnit.SECONDS)) {
            System.err.println("fanout: not all " + connections + " delivered within 60 s");
        }
        return System.nanoTime() - start;
    }

    /** This JVM's compilers' time and the server's compiler threads' CPU (when SERVER_PID names it), in nanoseconds. */
    private static long jitNanos() {
        return DriverWarmUp.jitMillis() * 1_000_000 + Math.max(0, Cpu.serverJitNanos());
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

    /** Round trips of 64 bytes: 2,000 first, then DRIVER_WARMUP more in rounds until the JIT is quiet, as {@link #get}'s. */
    private static void tcp(int port, int n) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64];
            roundTrips(in, out, buffer, 2_000);
            int warm = driverWarmUp();
            int rounds = warm <= 0 ? 0 : DriverWarmUp.until(() -> {
                roundTrips(in, out, buffer, warm);
                return true;
            });
            DriverWarmUp.Cost cost = new DriverWarmUp.Cost();
            Stats latency = roundTrips(in, out, buffer, n);
            System.out.printf("tcp p50_us %.1f%ntcp p99_us %.1f%ntcp messages %d%n", latency.micros(0.5), latency.micros(0.99),
                    2_000 + rounds * (long) warm + n);
            cost.print("tcp", "msg", n, rounds);
        }
    }

    private static Stats roundTrips(DataInputStream in, OutputStream out, byte[] buffer, int n) throws IOException {
        Stats latency = new Stats(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            out.write(buffer);
            in.readFully(buffer);
            latency.add(System.nanoTime() - start);
        }
        return latency;
    }
}
