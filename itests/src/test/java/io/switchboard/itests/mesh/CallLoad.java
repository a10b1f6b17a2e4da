package io.switchboard.itests.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RawWebSocket;

/**
 * A steady load of {@code call} requests over switchboard.v1, as one pipelining client sends them:
 * several WebSocket sessions, and one sender that, every millisecond, sends every call due by
 * then on a fixed schedule without waiting for answers, each session's share in one socket write;
 * a reader per session matches each answer to its request. Bounded in count and in time: at most
 * {@code maxCalls} calls, and a session that has {@code maxInFlight} calls unanswered gets no more
 * until answers come (so the rate it reports is the rate achieved, not the one asked for).
 */
final class CallLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The text of call number {@code n} (its {@code id} is n). */
    interface Frames extends LongFunction<String> {
    }

    private final List<Session> sessions = new ArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLongArray sentAt;
    private final AtomicLongArray latency;
    private final int maxInFlight;
    private final Frames frames;
    private Thread sender;
    private volatile long startedAt;
    private volatile long stoppedAt;

    private CallLoad(int maxCalls, int maxInFlight, Frames frames) {
        this.sentAt = new AtomicLongArray(maxCalls);
        this.latency = new AtomicLongArray(maxCalls);
        this.maxInFlight = maxInFlight;
        this.frames = frames;
    }

    /**
     * Opens the sessions (each does its handshake) and starts sending.
     *
     * @param callsPerSecond the rate over all sessions together
     */
    static CallLoad start(int port, int sessionCount, int callsPerSecond, int maxCalls, int maxInFlight, Frames frames) {
        CallLoad load = new CallLoad(maxCalls, maxInFlight, frames);
        for (int i = 0; i < sessionCount; i++) {
            Session session = load.new Session(RawWebSocket.connect(port, "/api/ws", "switchboard.v1"));
            session.handshake();
            load.sessions.add(session);
        }
        load.startedAt = System.nanoTime();
        load.sender = new Thread(() -> load.send(callsPerSecond), "call-load-sender");
        load.sender.setDaemon(true);
        load.sender.start();
        return load;
    }

    /** Calls sent so far. */
    long sent() {
        return Math.min(next.get(), sentAt.length());
    }

    long answered() {
        return answered.get();
    }

    /** Stops sending, then waits (bounded) for the answers to every call sent. */
    void stopAndAwaitAnswers(Duration timeout) throws InterruptedException {
        sending.set(false);
        sender.join(timeout.toMillis());
        stoppedAt = System.nanoTime();
        Await.until("an answer to each of the " + sent() + " calls", timeout, () -> answered.get() >= sent());
    }

    int failed() {
        return failed.get();
    }

    /** The first failures, as the server answered them. */
    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    double callsPerSecond() {
        return sent() / ((stoppedAt - startedAt) / 1e9);
    }

    /** Latency percentiles (ms) of the calls sent when {@code sentWhen} holds (System.nanoTime()); NaN when none. */
    double[] percentilesMillis(java.util.function.LongPredicate sentWhen, double... quantiles) {
        return quantilesMillis(latencies(sentWhen), quantiles);
    }

    /** The latencies (ns, sorted) of the answered calls sent when {@code sentWhen} holds. */
    private long[] latencies(java.util.function.LongPredicate sentWhen) {
        long[] selected = new long[(int) sent()];
        int count = 0;
        for (int i = 0; i < selected.length; i++) {
            long took = latency.get(i);
            if (took > 0 && sentWhen.test(sentAt.get(i))) {
                selected[count++] = took;
            }
        }
        long[] sorted = Arrays.copyOf(selected, count);
        Arrays.sort(sorted);
        return sorted;
    }

    private static double[] quantilesMillis(long[] sorted, double... quantiles) {
        double[] result = new double[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            result[q] = sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantiles[q]))] / 1e6;
        }
        return result;
    }

    /**
     * One line per second of the run: calls answered of those sent in that second, and their p50
     * and p99 latency (ms), so that a backlog shows where it built and where it drained.
     */
    String timeline() {
        StringBuilder lines = new StringBuilder();
        long second = 1_000_000_000L;
        for (long from = startedAt; from < stoppedAt; from += second) {
            long since = from;
            long[] sorted = latencies(at -> at >= since && at < since + second);
            double[] p = quantilesMillis(sorted, 0.5, 0.99);
            lines.append(String.format("  second %2d: %6d calls, p50 %8.2f ms, p99 %8.2f ms%n", (from - startedAt) / second,
                    sorted.length, p[0], p[1]));
        }
        return lines.toString();
    }

    @Override
    public void close() {
        sending.set(false);
        sessions.forEach(session -> session.ws.close());
    }

    /**
     * On schedule: call k is due at start + k / rate. Each tick sends every call due by now (late
     * ones at once), round-robin over the sessions, each session's frames in one write.
     */
    private void send(int callsPerSecond) {
        List<List<String>> batches = new ArrayList<>();
        sessions.forEach(session -> batches.add(new ArrayList<>()));
        while (sending.get()) {
            long due = Math.min(sentAt.length(), (System.nanoTime() - startedAt) * callsPerSecond / 1_000_000_000L);
            long now = System.nanoTime();
            for (long id = next.get(); id < due; id = next.get()) {
                int index = (int) (id % sessions.size());
                Session session = sessions.get(index);
                if (session.inFlight.get() >= maxInFlight) {
                    break; // the session is full: the rest waits for the next tick
                }
                next.incrementAndGet();
                session.inFlight.incrementAndGet();
                sentAt.set((int) id, now);
                batches.get(index).add(frames.apply(id));
            }
            for (int i = 0; i < sessions.size(); i++) {
                if (!batches.get(i).isEmpty()) {
                    sessions.get(i).ws.sendTexts(batches.get(i));
                    batches.get(i).clear();
                }
            }
            if (next.get() >= sentAt.length()) {
                return;
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private final class Session {

        private final RawWebSocket ws;
        private final AtomicLong inFlight = new AtomicLong();

        Session(RawWebSocket ws) {
            this.ws = ws;
        }

        void handshake() {
            ws.sendText("{\"id\":-1,\"action\":\"handshake\",\"client\":\"itest-call-load\"}");
            String welcome = ws.readText();
            try {
                if (!JSON.readTree(welcome).path("ok").asBoolean()) {
                    throw new AssertionError("handshake failed: " + welcome);
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            ws.onEachFrame(this::answer);
        }

        /** On the session's reader thread: one answer, matched to its call. */
        private void answer(RawWebSocket.Frame frame) {
            if (frame.opcode() != RawWebSocket.TEXT) {
                failures.add("the server closed the session: " + frame.closeCode());
                return;
            }
            long arrived = System.nanoTime();
            JsonNode answer;
            try {
                answer = JSON.readTree(frame.payload());
            } catch (java.io.IOException e) {
                failed.incrementAndGet();
                failures.add("an answer that is not JSON: " + frame.text());
                return;
            }
            int id = answer.path("id").asInt(-1);
            if (id < 0 || id >= sentAt.length()) {
                failed.incrementAndGet();
                failures.add("an answer to no call: " + frame.text());
                return;
            }
            latency.set(id, Math.max(1, arrived - sentAt.get(id)));
            if (!answer.path("ok").asBoolean()) {
                failed.incrementAndGet();
                if (failures.size() < 10) {
                    failures.add(frame.text());
                }
            }
            inFlight.decrementAndGet();
            answered.incrementAndGet();
        }
    }
}
