package io.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The bus over HTTP with its batch routes (docs/bus.md, batches), as a producer and a consumer that
 * batch what is waiting: publishes and acks queue up, and a sender per kind sends up to {@code batch}
 * of them as one request ({@code POST .../messages/batch}, {@code POST /api/bus/messages/ack}), with
 * at most {@value #REQUESTS} requests of each kind in flight, so that what comes while they are out
 * goes in the next one (as JetStream's async publishes and Redis pipelines do). One message in flight
 * is a batch of one. The stream (SSE) is the unbatched peer's.
 */
final class BusBatchPeer extends BusLoad.BusPeer {

    /** Requests of each kind in flight at once. */
    private static final int REQUESTS = 2;

    private final Lane publishes;
    private final Lane acks;

    BusBatchPeer(String base, String token, String topic, int batch) {
        super(base, token, topic);
        publishes = new Lane("bench-publish-batches", batch, 202, entries -> request("/api/bus/topics/" + topic + "/messages/batch")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(publishBody(entries))).build());
        acks = new Lane("bench-ack-batches", batch, 200, entries -> request("/api/bus/messages/ack?group=bench")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(ackBody(entries))).build());
    }

    private static byte[] publishBody(List<Pending> entries) {
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

    private static byte[] ackBody(List<Pending> entries) {
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

    private record Pending(Object item, CompletableFuture<Object> done) {
    }

    /** A queue of one kind of operation and the thread that sends it in batches. */
    private final class Lane {
        private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
        private final Semaphore requests = new Semaphore(REQUESTS);
        private final int batch;
        private final int status;
        private final Function<List<Pending>, HttpRequest> build;

        Lane(String name, int batch, int status, Function<List<Pending>, HttpRequest> build) {
            this.batch = batch;
            this.status = status;
            this.build = build;
            Thread sender = new Thread(this::send, name);
            sender.setDaemon(true);
            sender.start();
        }

        CompletableFuture<Object> add(Object item) {
            Pending pending = new Pending(item, new CompletableFuture<>());
            waiting.add(pending);
            return pending.done();
        }

        private void send() {
            try {
                while (true) {
                    requests.acquire();
                    List<Pending> entries = new ArrayList<>(batch);
                    entries.add(waiting.take());
                    waiting.drainTo(entries, batch - 1);
                    http.sendAsync(build.apply(entries), HttpResponse.BodyHandlers.ofString()).whenComplete((answer, failure) -> {
                        requests.release();
                        Throwable problem = failure;
                        if (problem == null) {
                            try {
                                expect(answer, status);
                                if (answer.body().contains("\"error\"")) {
                                    throw new IllegalStateException("an entry was refused: " + answer.body());
                                }
                            } catch (IllegalStateException e) {
                                problem = e;
                            }
                        }
                        for (Pending entry : entries) {
                            if (problem == null) {
                                entry.done().complete(null);
                            } else {
                                entry.done().completeExceptionally(problem);
                            }
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
