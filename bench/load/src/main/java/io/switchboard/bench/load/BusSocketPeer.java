package io.switchboard.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bus over HTTP with its batch routes (docs/bus.md, batches), on plain HTTP/1.1 connections kept
 * alive ({@link Http1Connection}): publishes and acks queue up, and each of {@value #REQUESTS}
 * connections per kind sends what is waiting, up to {@code batch} of them, as one request
 * ({@code POST .../messages/batch}, {@code POST /api/bus/messages/ack}) and waits for its answer, so
 * that what comes while requests are out goes in the next one (as JetStream's async publishes and
 * Redis pipelines do). One message in flight is a batch of one. The stream (SSE) is read from its
 * bytes on a connection of its own ({@link SseEvents}); each message is counted once by its id.
 */
final class BusSocketPeer implements BusLoad.Peer {

    /** Requests of each kind in flight at once: one connection and one thread each. */
    private static final int REQUESTS = 2;

    /** Messages the stream delivered again (at least once): not counted twice, reported. */
    final AtomicLong duplicates = new AtomicLong();
    private final URI base;
    private final String token;
    private final String topic;
    private final List<Http1Connection> connections = new ArrayList<>();
    private final Lane publishes;
    private final Lane acks;

    BusSocketPeer(String base, String token, String topic, int batch) throws IOException {
        this.base = URI.create(base);
        this.token = token;
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

    @Override
    public void consume(Consumer<BusLoad.Received> received) throws Exception {
        Http1Connection stream = connect();
        int status = stream.open("GET", "/api/bus/topics/" + topic + "/stream?group=bench&max=1000", "text/event-stream");
        if (status != 200) {
            throw new IllegalStateException("the stream answered " + status);
        }
        BusLoad.BusPeer.readEvents(stream.stream(), received, duplicates);
    }

    private synchronized Http1Connection connect() throws IOException {
        Http1Connection connection = new Http1Connection(base, token);
        connections.add(connection);
        return connection;
    }

    @Override
    public synchronized void close() throws IOException {
        for (Http1Connection connection : connections) {
            connection.close();
        }
    }

    record Pending(Object item, CompletableFuture<Object> done) {
    }

    /** A queue of one kind of operation and the connections that send it in batches, one thread each. */
    private final class Lane {
        private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
        private final int batch;
        private final int status;
        private final String path;
        private final Function<List<Pending>, byte[]> body;

        Lane(String name, int batch, int status, String path, Function<List<Pending>, byte[]> body) throws IOException {
            this.batch = batch;
            this.status = status;
            this.path = path;
            this.body = body;
            for (int i = 0; i < REQUESTS; i++) {
                Http1Connection connection = connect();
                Thread sender = new Thread(() -> send(connection), name + "-" + connections.size());
                sender.setDaemon(true);
                sender.start();
            }
        }

        CompletableFuture<Object> add(Object item) {
            Pending pending = new Pending(item, new CompletableFuture<>());
            waiting.add(pending);
            return pending.done();
        }

        private void send(Http1Connection connection) {
            List<Pending> entries = new ArrayList<>(batch);
            try {
                while (true) {
                    entries.add(waiting.take());
                    waiting.drainTo(entries, batch - 1);
                    Throwable problem = null;
                    try {
                        Http1Connection.Answer answer = connection.exchange("POST", path, body.apply(entries));
                        if (answer.status() != status) {
                            problem = new IllegalStateException(path + " answered " + answer.status() + ": " + answer.text());
                        } else if (contains(answer.body(), ERROR)) {
                            problem = new IllegalStateException("an entry was refused: " + answer.text());
                        }
                    } catch (IOException e) {
                        problem = e;
                    }
                    for (Pending entry : entries) {
                        if (problem == null) {
                            entry.done().complete(null);
                        } else {
                            entry.done().completeExceptionally(problem);
                        }
                    }
                    entries.clear();
                    if (problem instanceof IOException) {
                        return; // the connection is gone: the run fails on what it waited for
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
