package io.switchboard.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Connections at scale (issue 13 item 5), bounded in count and time, printing {@code conns <metric>
 * <value>} lines (bench/edge-conns.sh reads them):
 * <pre>
 *   ConnsLoad PORT CONNECTIONS SERVER_PID [ROUNDS]
 * </pre>
 * Reads the server's resident memory (VmRSS, VmHWM) while it is idle, opens CONNECTIONS WebSocket
 * connections on Jetty's client ({@link ManySockets}), each with a handshake and one
 * subscription, reports the setup rate and the memory with all of them subscribed, then times
 * ROUNDS publications (a set with noStore, from another connection) from the set to the last
 * delivery, and checks that the server still answers {@code /health}.
 */
public final class ConnsLoad {

    private static final String PATH = "/bench/conns/x";
    private static final String DOC = "{\"name\":\"bench\",\"payload\":\"" + "x".repeat(60) + "\",\"n\":1}";
    /** Bounds: a setup that stalls this long, or a round this long, ends the run with what it has. */
    private static final long SETUP_STALL_NANOS = Duration.ofSeconds(60).toNanos();
    private static final long ROUND_NANOS = Duration.ofSeconds(60).toNanos();

    private ConnsLoad() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long serverPid = Long.parseLong(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        memory("idle", serverPid);
        try (ManySockets sockets = new ManySockets(port,
                "{\"id\":1,\"action\":\"on\",\"path\":\"" + PATH + "\",\"options\":{\"eventType\":\"set\"}}")) {
            long start = System.nanoTime();
            long setupCpu = cpuTicks(serverPid);
            sockets.open(connections);
            awaitSetup(sockets, connections);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("conns setup_cpu_us_per_conn %.1f%n", (cpuTicks(serverPid) - setupCpu) * 1e6 / TICKS_PER_SECOND / Math.max(1, sockets.ready()));
            System.out.printf("conns connected %d%nconns failed %d%nconns setup_s %.1f%nconns setup_per_s %.0f%n", sockets.ready(),
                    sockets.failed(), seconds, sockets.ready() / seconds);
            if (sockets.firstFailure() != null) {
                System.err.println("conns: first failure: " + sockets.firstFailure());
            }
            Thread.sleep(2_000); // the server settles (its answers flushed, its GC done) before memory is read
            memory("subscribed", serverPid);
            long cpuBefore = cpuTicks(serverPid);
            long delivered = sockets.delivered();
            fanout(port, sockets, rounds);
            // the server's CPU over the rounds per publication delivered: a busy machine changes it far less than the times
            System.out.printf("conns fanout_cpu_us_per_delivery %.1f%n",
                    (cpuTicks(serverPid) - cpuBefore) * 1e6 / TICKS_PER_SECOND / Math.max(1, sockets.delivered() - delivered));
            memory("after", serverPid);
            System.out.printf("conns closed_by_server %d%n", sockets.closedByServer());
        }
        System.out.printf("conns health %d%n", health(port));
    }

    /** Waits until every connection is ready or failed, or until no progress was made for a while. */
    private static void awaitSetup(ManySockets sockets, int connections) throws InterruptedException {
        int last = -1;
        long progressed = System.nanoTime();
        while (sockets.ready() + sockets.failed() < connections) {
            int now = sockets.ready() + sockets.failed();
            if (now != last) {
                last = now;
                progressed = System.nanoTime();
            } else if (System.nanoTime() - progressed > SETUP_STALL_NANOS) {
                System.err.println("conns: setup stalled at " + sockets.ready() + " ready, " + sockets.failed() + " failed");
                return;
            }
            Thread.sleep(5);
        }
    }

    private static void fanout(int port, ManySockets sockets, int rounds) throws Exception {
        int subscribers = sockets.ready();
        Stats times = new Stats(rounds);
        long incomplete = 0;
        for (int r = 1; r <= rounds; r++) {
            // a writer per round: one that waited through a long round unread would miss its heartbeats
            try (FrameSocket writer = FrameSocket.open(port)) {
                writer.send("{\"id\":0,\"action\":\"handshake\",\"client\":\"conns-writer\"}", true);
                writer.receive();
                long before = sockets.delivered();
                long start = System.nanoTime();
                // not waiting for the set's answer: a server whose outbound queue is full may never send it
                writer.send("{\"id\":" + r + ",\"action\":\"set\",\"path\":\"" + PATH + "\",\"data\":" + DOC + ",\"options\":{\"noStore\":true}}", true);
                while (sockets.delivered() - before < subscribers && System.nanoTime() - start < ROUND_NANOS) {
                    Thread.sleep(1);
                }
                long got = sockets.delivered() - before;
                if (got < subscribers) {
                    incomplete += subscribers - got;
                    System.err.println("conns: round " + r + ": " + got + " of " + subscribers + " delivered within 60 s");
                }
                times.add(sockets.lastDeliveryNanos() - start);
                Thread.sleep(500); // the next round starts from a drained server
            }
        }
        System.out.printf("conns fanout_ms %.1f%nconns fanout_max_ms %.1f%nconns undelivered %d%nconns messages %d%n",
                times.micros(0.5) / 1_000.0, times.micros(1.0) / 1_000.0, incomplete, (long) rounds * subscribers);
    }

    /** USER_HZ: the unit of /proc/PID/stat's CPU times on Linux (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100;

    /** User and system CPU time a process has used so far, in clock ticks (/proc/PID/stat fields 14 and 15). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** VmRSS and VmHWM of a process, in MB, from /proc (Linux). */
    static void memory(String when, long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                System.out.printf("conns %s_%s_mb %.1f%n", line.startsWith("VmRSS") ? "rss" : "hwm", when, kb / 1024.0);
            }
        }
    }

    /** The status of GET /health, or 0 when the server does not answer. */
    private static int health(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }
}
