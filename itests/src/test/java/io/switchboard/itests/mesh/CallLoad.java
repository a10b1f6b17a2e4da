package io.switchboard.itests.mesh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
 * A steady load of {@code call} requests over switchboard.v1: several WebSocket sessions, each
 * sending its share of the rate on a fixed schedule without waiting for answers (pipelined), and
 * a reader per session matching each answer to its request. Bounded in count and in time: at most
 * {@code maxCalls} calls, and a sender that finds {@code maxInFlight} calls unanswered waits (so the
 * rate it reports is the rate achieved, not the one asked for).
 */
final class CallLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            load.sessions.add(load.new Session(RawWebSocket.connect(port, "/api/ws", "switchboard.v1"), i));
        }
        load.sessions.forEach(Session::handshake);
        load.startedAt = System.nanoTime();
        long period = TimeUnit.SECONDS.toNanos(1) * sessionCount / callsPerSecond;
        load.sessions.forEach(session -> session.startSending(period));
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
        for (Session session : sessions) {
            session.sender.join(timeout.toMillis());
        }
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
        long[] selected = new long[(int) sent()];
        int count = 0;
        for (int i = 0; i < selected.length; i++) {
            long at = sentAt.get(i);
            long took = latency.get(i);
            if (took > 0 && sentWhen.test(at)) {
                selected[count++] = took;
            }
        }
        long[] sorted = Arrays.copyOf(selected, count);
        Arrays.sort(sorted);
        double[] result = new double[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            result[q] = count == 0 ? Double.NaN : sorted[Math.min(count - 1, (int) (count * quantiles[q]))] / 1e6;
        }
        return result;
    }

    @Override
    public void close() {
        sending.set(false);
        sessions.forEach(session -> session.ws.close());
    }

    private final class Session {

        private final RawWebSocket ws;
        private final BlockingQueue<RawWebSocket.Frame> incoming;
        private final AtomicLong inFlight = new AtomicLong();
        private final Thread reader;
        private Thread sender;

        Session(RawWebSocket ws, int index) {
            this.ws = ws;
            this.incoming = ws.readInBackground();
            this.reader = new Thread(this::readAnswers, "call-load-reader-" + index);
            this.reader.setDaemon(true);
        }

        void handshake() {
            ws.sendText("{\"id\":-1,\"action\":\"handshake\",\"client\":\"itest-call-load\"}");
            try {
                RawWebSocket.Frame welcome = incoming.poll(20, TimeUnit.SECONDS);
                if (welcome == null || !JSON.readTree(welcome.text()).path("ok").asBoolean()) {
                    throw new AssertionError("handshake failed: " + (welcome == null ? "no answer" : welcome.text()));
                }
            } catch (InterruptedException | java.io.IOException e) {
                throw new AssertionError(e);
            }
            reader.start();
        }

        void startSending(long periodNanos) {
            sender = new Thread(() -> send(periodNanos), "call-load-sender");
            sender.setDaemon(true);
            sender.start();
        }

        /** On schedule: call k of this session is due at start + k periods; late calls go at once. */
        private void send(long periodNanos) {
            long due = System.nanoTime();
            while (sending.get()) {
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(Math.min(due - now, 200_000));
                    continue;
                }
                if (inFlight.get() >= maxInFlight) {
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                long id = next.getAndIncrement();
                if (id >= sentAt.length()) {
                    return;
                }
                inFlight.incrementAndGet();
                sentAt.set((int) id, System.nanoTime());
                ws.sendText(frames.apply(id));
                due += periodNanos;
            }
        }

        private void readAnswers() {
            try {
                while (true) {
                    RawWebSocket.Frame frame = incoming.take();
                    if (frame.opcode() != RawWebSocket.TEXT) {
                        failures.add("the server closed the session: " + frame.closeCode());
                        return;
                    }
                    long arrived = System.nanoTime();
                    JsonNode answer = JSON.readTree(frame.text());
                    int id = answer.path("id").asInt(-1);
                    if (id < 0 || id >= sentAt.length()) {
                        failed.incrementAndGet();
                        failures.add("an answer to no call: " + frame.text());
                        continue;
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
            } catch (InterruptedException | java.io.IOException e) {
                // the test is over
            }
        }
    }
}
