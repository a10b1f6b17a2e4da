package io.switchboard.bus.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.Delivery;
import io.switchboard.bus.TopicSettings;
import io.switchboard.bus.internal.BusCore;
import io.switchboard.bus.internal.DeliveryJson;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.route.MessageFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/bus/topics/<name>/stream}: Server-Sent Events of the messages leased to the caller
 * in its group, at most {@code max} unacked at once (each acked with the ack URL). The request's
 * thread runs the stream: it leases when the topic may have messages (a wake-up from the bus) or
 * every {@value #KEEPALIVE_MILLIS} ms, when it also sends a comment so that a client that went away
 * is noticed. Event ids are message ids; a stream opened with {@code Last-Event-ID} first gets back
 * what the caller held unacked in the group, at once, and replaces the caller's earlier streams of the
 * topic and group (taken as gone). Streams end with their service.
 */
final class Streams {

    static final long KEEPALIVE_MILLIS = 15_000;
    /** The most streams open at once; each holds a thread of the HTTP server. */
    static final int MAX_STREAMS = 200;

    private final BusCore bus;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    private final AutoCloseable settledHook;

    Streams(BusCore bus) {
        this.bus = bus;
        this.settledHook = bus.onSettled(this::settled);
    }

    /** One open stream. */
    private final class Stream {
        final String topic;
        final String group;
        final String consumer;
        final Semaphore wake = new Semaphore(0);
        /** Sent and not yet settled: id → until when it is leased. */
        final Map<String, Long> outstanding = new LinkedHashMap<>();
        volatile boolean ended;

        Stream(String topic, String group, String consumer) {
            this.topic = topic;
            this.group = group;
            this.consumer = consumer;
        }

        void signal() {
            if (wake.availablePermits() == 0) {
                wake.release();
            }
        }
    }

    void open(HttpServletRequest request, HttpServletResponse response, String consumer, String topic) throws IOException {
        Params.only(request, List.of("group", "max", "visibility", "filter"));
        String group = Names.group(request.getParameter("group"));
        int max = Params.integer(request, "max", 10, 1, bus.maxLeaseMessages(), BusErrors.INVALID_LEASE);
        String visibilityParameter = request.getParameter("visibility");
        Duration visibility = visibilityParameter == null ? null
                : Duration.ofMillis(Params.integer(request, "visibility", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, BusErrors.INVALID_VISIBILITY));
        bus.checkLease(topic, group, max, visibility);
        MessageFilter filter = Params.filter(request);
        if (filter != null) {
            bus.filterGroup(topic, group, filter);
        }
        if (open.size() >= MAX_STREAMS) {
            throw new SwitchboardException(BusErrors.TOO_MANY_WAITING, "the bus already serves its maximum of " + MAX_STREAMS + " streams");
        }
        Stream stream = new Stream(topic, group, consumer);
        open.add(stream);
        try (AutoCloseable watching = bus.watch(topic, stream::signal)) {
            if (request.getHeader("Last-Event-ID") != null) {
                // a reconnect: the caller's earlier streams here are taken as gone (their client hung up,
                // which a server notices only when a write fails), and what they held goes out again now
                end(other -> other != stream && other.consumer.equals(consumer) && other.topic.equals(topic) && other.group.equals(group));
                bus.release(topic, group, consumer);
            }
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            OutputStream out = response.getOutputStream();
            out.write(": stream open\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            run(stream, out, max, visibility);
        } catch (IOException gone) {
            // the client went away: what it held unacked is delivered again when its visibility runs out
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } finally {
            open.remove(stream);
        }
    }

    private void run(Stream stream, OutputStream out, int max, Duration visibility) throws IOException, InterruptedException {
        long visibleMillis = visibility != null ? visibility.toMillis() : -1;
        while (!stream.ended) {
            long now = bus.clockMillis();
            synchronized (stream.outstanding) {
                stream.outstanding.values().removeIf(until -> until <= now);
            }
            int room;
            synchronized (stream.outstanding) {
                room = max - stream.outstanding.size();
            }
            List<Delivery> leased;
            try {
                leased = room > 0 ? bus.lease(stream.topic, stream.group, stream.consumer, room, visibility) : List.of();
            } catch (SwitchboardException e) {
                event(out, "error", HttpIo.JSON.createObjectNode().putObject("error").put("code", e.code()).put("message", e.getMessage()).toString()
                        .getBytes(StandardCharsets.UTF_8));
                return; // the topic was deleted, or its driver went away: the client reconnects when it wants
            }
            if (stream.ended) {
                // ended while it leased: what it got goes back at once rather than to a client that is gone
                for (Delivery delivery : leased) {
                    bus.nack(delivery.id(), stream.group, stream.consumer, Duration.ZERO);
                }
                return;
            }
            if (!leased.isEmpty()) {
                long until = now + (visibleMillis > 0 ? visibleMillis : bus.settings(stream.topic).map(TopicSettings::ackTimeoutMillis).orElse(0L));
                // the lease's events gathered and written at once: one write to the server per lease, not three per message
                ByteArrayOutputStream events = new ByteArrayOutputStream(leased.size() * 192);
                synchronized (stream.outstanding) { // once for the lease, not per message
                    for (Delivery delivery : leased) {
                        stream.outstanding.put(delivery.id(), until);
                    }
                }
                DeliveryJson.events(events, leased); // one generator for the lease, not one per message
                events.writeTo(out);
            }
            out.flush();
            if (leased.isEmpty() && !stream.wake.tryAcquire(KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS)) {
                out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    /** An event without an id (an error); a lease's messages are {@link DeliveryJson#events}. */
    private static void event(OutputStream out, String name, byte[] data) throws IOException {
        out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.UTF_8));
        out.write(data); // compact JSON: no line breaks inside
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A consumer settled messages (acks or nacks, a batch at once): its streams that held them have room again, woken once. */
    void settled(String consumer, List<String> ids) {
        for (Stream stream : open) {
            if (stream.consumer.equals(consumer)) {
                boolean removed = false;
                synchronized (stream.outstanding) {
                    for (String id : ids) {
                        removed |= stream.outstanding.remove(id) != null;
                    }
                }
                if (removed) {
                    stream.signal();
                }
            }
        }
    }

    /** Ends every stream of a user or service (suspended, deleted). */
    void endAllOf(String consumer) {
        end(stream -> stream.consumer.equals(consumer));
    }

    void endTopic(String topic) {
        end(stream -> stream.topic.equals(topic));
    }

    void endAll() {
        try {
            settledHook.close();
        } catch (Exception e) {
            // a list removal: it does not fail
        }
        end(stream -> true);
    }

    private void end(java.util.function.Predicate<Stream> which) {
        for (Stream stream : open) {
            if (which.test(stream)) {
                stream.ended = true;
                stream.signal();
            }
        }
    }
}
