package io.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * The bus over HTTP with its batch routes (docs/bus.md, batches), on Jetty's HTTP client
 * ({@link JettyClients}), HTTP/1.1 connections kept alive: publishes and acks queue up, and each of
 * {@value #REQUESTS} threads per kind sends what is waiting, up to {@code batch} of them, as one
 * request ({@code POST .../messages/batch}, {@code POST /api/bus/messages/ack}) and waits for its
 * answer, so that what comes while requests are out goes in the next one (as JetStream's async
 * publishes and Redis pipelines do). One message in flight is a batch of one. The stream (SSE)
 * is read from its bytes as Jetty hands them over ({@link SseEvents#feed}), on a connection of its
 * own; each message is counted once by its id.
 */
final class BusSocketPeer implements BusLoad.Peer {

    /** Requests of each kind in flight at once: one thread each. */
    private static final int REQUESTS = 2;
    /** As long as the JDK client it replaced waited for an answer; a stream's events come far more often. */
    private static final long IDLE_SECONDS = 60;

    /** Messages the stream delivered again (at least once): not counted twice, reported. */
    final AtomicLong duplicates = new AtomicLong();
    private final HttpClient http = JettyClients.http();
    private final URI base;
    private final String authorization;
    private final String topic;
    private final Lane publishes;
    private final Lane acks;
    private volatile Request stream;

    BusSocketPeer(String base, String token, String topic, int batch) {
        this.base = URI.create(base);
        this.authorization = "Bearer " + token;
        this.topic = topic;
        publishes = new Lane("bench-publish-batches", batch, 202, "/api/bus/topics/" + topic + "/messages/batch", BusSocketPeer::publishBody);
        acks = new Lane("bench-ack-batches", batch, 200, "/api/bus/messages/ack?group=bench", BusSocketPeer::ackBody);
    }

    static byte[] publishBody(List<Pending> entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(entries.size() * 48);
        body.writeBytes("{\"messages\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < entries.size(); i++) {
            body.writeBytes((i == 0 ? "{\"payload\":" : ",{\"payload\":").getBytes(StandardCharsets.UTF_8));
            body.writeBytes((byte[]) entries.get(i).item());
            body.write('}');
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static byte[] ackBody(List<Pending> entries) {
        StringBuilder body = new StringBuilder(entries.size() * 24).append("{\"ids\":[");
        for (int i = 0; i < entries.size(); i++) {
            body.append(i == 0 ? "\"" : ",\"").append(entries.get(i).item()).append('"'); // ids are <topic>~<number>: nothing to escape
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public CompletableFuture<?> publish(byte[] body) {
        return publishes.add(body);
    }

    @Override
    public CompletableFuture<?> ack(BusLoad.Received message) {
        return acks.add(message.handle());
    }

    /** Opens the stream and returns once it answered 200; its events then come on Jetty's threads. */
    @Override
    public void consume(Consumer<BusLoad.Received> received) throws Exception {
        SseEvents events = new SseEvents(BusLoad.BusPeer.onePerId(received, duplicates));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Request request = request(HttpMethod.GET, "/api/bus/topics/" + topic + "/stream?group=bench&max=1000")
                .headers(headers -> headers.put(HttpHeader.ACCEPT, "text/event-stream"))
                .onResponseHeaders(response -> {
                    if (response.getStatus() == 200) {
                        opened.complete(null);
                    } else {
                        opened.completeExceptionally(new IllegalStateException("the stream answered " + response.getStatus()));
                    }
                })
                .onResponseContent((response, content) -> {
                    if (response.getStatus() == 200) {
                        events.feed(content);
                    }
                });
        stream = request;
        request.send(result -> {
            if (!opened.completeExceptionally(new IOException("the stream failed: " + result.getFailure()))) {
                System.err.println("the stream ended: " + (result.isFailed() ? result.getFailure() : "by the server"));
            }
        });
        try {
            opened.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IOException("the stream did not answer within 30 s");
        }
    }

    private Request request(HttpMethod method, String pathAndQuery) {
        return http.newRequest(base.resolve(pathAndQuery)).method(method).idleTimeout(IDLE_SECONDS, TimeUnit.SECONDS)
                .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, authorization));
    }

    @Override
    public void close() {
        Request open = stream;
        if (open != null) {
            open.abort(new IOException("the run is over"));
        }
    }

    record Pending(Object item, CompletableFuture<Object> done) {
    }

    /**
     * A queue of one kind of operation and {@value #REQUESTS} threads that send it in batches, each
     * taking what waits (up to {@code batch}), sending it as one request and waiting for its answer, so
     * that what comes meanwhile goes in the next one. A thread per request in flight, not a request
     * sent from whichever thread queued or completed: a sender that is woken only when something waits
     * lets a little more gather first, and sending from the producer's thread whenever a slot is free
     * halved the batches and the rate (bench/README-bus.md, 2026-12-06 driver section).
     */
    final class Lane {
        private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
        private final int batch;
        private final int status;
        private final String path;
        private final Function<List<Pending>, byte[]> body;

        Lane(String name, int batch, int status, String path, Function<List<Pending>, byte[]> body) {
            this.batch = batch;
            this.status = status;
            this.path = path;
            this.body = body;
            for (int i = 0; i < REQUESTS; i++) {
                Thread sender = new Thread(this::send, name + "-" + i);
                sender.setDaemon(true);
                sender.start();
            }
        }

        CompletableFuture<Object> add(Object item) {
            Pending pending = new Pending(item, new CompletableFuture<>());
            waiting.add(pending);
            return pending.done();
        }

        private void send() {
            List<Pending> entries = new ArrayList<>(batch);
            try {
                while (true) {
                    entries.add(waiting.take());
                    waiting.drainTo(entries, batch - 1);
                    Throwable problem;
                    try {
                        ContentResponse answer = request(HttpMethod.POST, path).body(new BytesRequestContent("application/json", body.apply(entries))).send();
                        problem = problem(answer.getStatus(), answer.getContent());
                    } catch (ExecutionException | TimeoutException e) {
                        problem = e.getCause() == null ? e : e.getCause();
                    }
                    for (Pending entry : entries) {
                        if (problem == null) {
                            entry.done().complete(null);
                        } else {
                            entry.done().completeExceptionally(problem);
                        }
                    }
                    entries.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Throwable problem(int answered, byte[] answer) {
            if (answered != status) {
                return new IllegalStateException(path + " answered " + answered + ": " + new String(answer, StandardCharsets.UTF_8));
            }
            if (contains(answer, ERROR)) {
                return new IllegalStateException("an entry was refused: " + new String(answer, StandardCharsets.UTF_8));
            }
            return null;
        }
    }

    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    static boolean contains(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= text.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (text[i + k] != part[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
