package io.switchboard.bench.load;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The bus's benchmark (bench/bus.sh): publish, a streaming consumer that acks each message, on three
 * systems with the same small JSON payload ({@code {"t": <nanoTime at publish>}}):
 * <pre>
 *   bus URL TOKEN TOPIC    the bus over HTTP: POST .../messages (202), an SSE stream (.../stream), POST .../ack per message;
 *                          with BATCH=n (env) publishes and acks go in batches of up to n, on Jetty's HTTP client ({@link BusSocketPeer})
 *   jetstream URL          NATS JetStream: a file stream, publish with the server's ack, a push consumer with explicit acks
 *   redis URL              Redis streams: XADD, a consumer group read with XREADGROUP BLOCK, XACK per message
 * </pre>
 * followed by {@code N WINDOW}: first N messages one in flight (publish, wait until the consumer has it
 * and has acked it), then N messages with WINDOW publishes in flight. Prints lines {@code <metric> <value>}:
 * publish_p50_us, publish_p99_us, e2e_p50_us, e2e_p99_us (one in flight; e2e = publish start to the
 * consumer having the message), pipe_publish_per_s (publishes answered per second), pipe_msgs_per_s
 * (messages published, delivered and acked per second), pipe_e2e_p99_us; then CPU microseconds per message
 * of this driver and of the server (the process SERVER_PID names, env) in each phase: one_client_cpu_us_per_msg,
 * one_server_cpu_us_per_msg, pipe_client_cpu_us_per_msg, pipe_server_cpu_us_per_msg ({@link Cpu}). On the bus, each
 * message is counted once by its id: one the stream delivers again is not counted twice, and their number is
 * printed as {@code redelivered}.
 */
public final class BusLoad {

    private static final Pattern TIME = Pattern.compile("\"t\":(\\d+)");
    private static final long LIMIT_SECONDS = 180;

    private BusLoad() {
    }

    /** One system under test. */
    interface Peer extends AutoCloseable {
        CompletableFuture<?> publish(byte[] body);

        /** Starts consuming: each message is handed over with its publish time, then acked by {@code ack}. */
        void consume(Consumer<Received> received) throws Exception;

        CompletableFuture<?> ack(Received message);
    }

    record Received(long publishedNanos, Object handle) {
    }

    public static void main(String[] args) throws Exception {
        int at;
        Peer peer;
        switch (args[0]) {
            case "bus" -> {
                int batch = System.getenv("BATCH") == null ? 1 : Integer.parseInt(System.getenv("BATCH"));
                peer = batch > 1 ? new BusSocketPeer(args[1], args[2], args[3], batch) : new BusPeer(args[1], args[2], args[3]);
                at = 4;
            }
            case "jetstream" -> {
                peer = new JetStreamPeer(args[1]);
                at = 2;
            }
            case "redis" -> {
                peer = new RedisPeer(args[1]);
                at = 2;
            }
            default -> throw new IllegalArgumentException("unknown system " + args[0] + " (bus, jetstream, redis)");
        }
        int n = Integer.parseInt(args[at]);
        int window = Integer.parseInt(args[at + 1]);
        try (peer) {
            run(peer, n, window);
            if (peer instanceof BusPeer bus) {
                System.out.printf("redelivered %d%n", bus.duplicates.get()); // ids seen twice on the stream, counted once
            } else if (peer instanceof BusSocketPeer bus) {
                System.out.printf("redelivered %d%n", bus.duplicates.get());
            }
        }
        System.exit(0); // clients' threads (SSE reader, dispatchers) do not hold the JVM
    }

    private static byte[] payload() {
        return ("{\"t\":" + System.nanoTime() + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static long publishedAt(byte[] body) {
        Matcher matcher = TIME.matcher(new String(body, StandardCharsets.UTF_8));
        if (!matcher.find()) {
            throw new IllegalStateException("a message without its time: " + new String(body, StandardCharsets.UTF_8));
        }
        return Long.parseLong(matcher.group(1));
    }

    private static void run(Peer peer, int n, int window) throws Exception {
        BlockingQueue<Received> inbox = new ArrayBlockingQueue<>(Math.max(16, 2 * n + 10_000));
        peer.consume(inbox::add);

        // one in flight, warmed up first with a tenth
        Stats publish = new Stats(n);
        Stats e2e = new Stats(n);
        long[] oneCpu = null;
        for (int i = 0; i < n + n / 10; i++) {
            if (i == n / 10) {
                oneCpu = Cpu.now();
            }
            long start = System.nanoTime();
            peer.publish(("{\"t\":" + start + "}").getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
            long published = System.nanoTime();
            Received message = inbox.poll(30, TimeUnit.SECONDS);
            if (message == null) {
                throw new IllegalStateException("message " + i + " did not reach the consumer in 30 s");
            }
            long arrived = System.nanoTime();
            peer.ack(message).get(30, TimeUnit.SECONDS);
            if (i >= n / 10) {
                publish.add(published - start);
                e2e.add(arrived - message.publishedNanos());
            }
        }
        System.out.printf("publish_p50_us %.1f%npublish_p99_us %.1f%ne2e_p50_us %.1f%ne2e_p99_us %.1f%n", publish.micros(0.5), publish.micros(0.99),
                e2e.micros(0.5), e2e.micros(0.99));
        long[] pipeStartCpu = Cpu.now();
        long pipeStartEpochMillis = System.currentTimeMillis();

        // WINDOW publishes in flight; the consumer acks each as it comes, with up to WINDOW acks in flight
        Stats pipeE2e = new Stats(n);
        AtomicLong acked = new AtomicLong();
        Semaphore acking = new Semaphore(window);
        CompletableFuture<Void> allAcked = new CompletableFuture<>();
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    Received message = inbox.poll(60, TimeUnit.SECONDS);
                    if (message == null) {
                        allAcked.completeExceptionally(new IllegalStateException("only " + i + " of " + n + " messages arrived"));
                        return;
                    }
                    pipeE2e.add(System.nanoTime() - message.publishedNanos());
                    acking.acquire();
                    peer.ack(message).whenComplete((ok, failure) -> {
                        acking.release();
                        if (failure != null) {
                            allAcked.completeExceptionally(failure);
                        } else if (acked.incrementAndGet() == n) {
                            allAcked.complete(null);
                        }
                    });
                }
            } catch (InterruptedException e) {
                allAcked.completeExceptionally(e);
            }
        }, "bench-consumer");
        consumer.start();
        Semaphore inFlight = new Semaphore(window);
        long start = System.nanoTime();
        List<CompletableFuture<?>> last = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no publish answered in 30 s");
            }
            CompletableFuture<?> sent = peer.publish(payload()).whenComplete((ok, failure) -> {
                inFlight.release();
                if (failure != null) {
                    failures.add(failure);
                }
            });
            if (i >= n - window) {
                last.add(sent);
            }
        }
        CompletableFuture.allOf(last.toArray(new CompletableFuture[0])).get(LIMIT_SECONDS, TimeUnit.SECONDS);
        inFlight.acquire(window);
        long published = System.nanoTime();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " publishes failed, the first: " + failures.peek());
        }
        allAcked.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        long done = System.nanoTime();
        System.out.printf("pipe_publish_per_s %.0f%npipe_msgs_per_s %.0f%npipe_e2e_p99_us %.1f%n", n * 1e9 / (published - start), n * 1e9 / (done - start),
                pipeE2e.micros(0.99));
        long[] pipeCpu = Cpu.now();
        // on stderr, for a profile of both sides limited to the pipelined phase (bench/README-bus.md)
        System.err.printf("pipelined phase from %d to %d (epoch ms)%n", pipeStartEpochMillis, System.currentTimeMillis());
        System.out.printf("one_client_cpu_us_per_msg %.1f%none_server_cpu_us_per_msg %.1f%npipe_client_cpu_us_per_msg %.1f%npipe_server_cpu_us_per_msg %.1f%n",
                Cpu.perMessage(oneCpu, pipeStartCpu, 0, n), Cpu.perMessage(oneCpu, pipeStartCpu, 1, n), Cpu.perMessage(pipeStartCpu, pipeCpu, 0, n),
                Cpu.perMessage(pipeStartCpu, pipeCpu, 1, n));
    }

    /** The bus over HTTP/1.1, as a service in any language uses it. */
    static class BusPeer implements Peer {
        /** Messages the stream delivered again (at least once): not counted twice, reported. */
        final AtomicLong duplicates = new AtomicLong();
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(4))
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final String token;
        private final String topic;

        BusPeer(String base, String token, String topic) {
            this.base = base;
            this.token = token;
            this.topic = topic;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        }

        static <T> HttpResponse<T> expect(HttpResponse<T> answer, int status) {
            if (answer.statusCode() != status) {
                throw new IllegalStateException(answer.request().uri() + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer;
        }

        @Override
        public CompletableFuture<?> publish(byte[] body) {
            return http.sendAsync(request("/api/bus/topics/" + topic + "/messages").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).thenApply(answer -> expect(answer, 202));
        }

        @Override
        public void consume(Consumer<Received> received) throws Exception {
            HttpResponse<InputStream> stream = http.send(request("/api/bus/topics/" + topic + "/stream?group=bench&max=1000").timeout(Duration.ofDays(1))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() != 200) {
                throw new IllegalStateException("the stream answered " + stream.statusCode() + ": " + new String(stream.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            readEvents(stream.body(), received, duplicates);
        }

        /**
         * Reads a bus stream's events on a thread of its own until it ends; each message is handed over
         * once, by id, and one delivered again is counted in {@code duplicates} instead.
         */
        static void readEvents(InputStream stream, Consumer<Received> received, AtomicLong duplicates) {
            SseEvents events = new SseEvents(onePerId(received, duplicates));
            Thread reader = new Thread(() -> {
                try (InputStream body = stream) {
                    events.read(body);
                } catch (Exception e) {
                    System.err.println("the stream ended: " + e);
                }
            }, "bench-sse");
            reader.setDaemon(true);
            reader.start();
        }

        /** Hands each message over once, by id; one delivered again is counted in {@code duplicates}. Called from one thread at a time. */
        static SseEvents.Handler onePerId(Consumer<Received> received, AtomicLong duplicates) {
            Set<String> seen = new HashSet<>();
            return (id, publishedNanos) -> {
                if (seen.add(id)) {
                    received.accept(new Received(publishedNanos, id));
                } else {
                    duplicates.incrementAndGet();
                }
            };
        }

        @Override
        public CompletableFuture<?> ack(Received message) {
            return http.sendAsync(request("/api/bus/messages/" + message.handle() + "/ack?group=bench").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).thenApply(answer -> expect(answer, 200));
        }

        @Override
        public void close() {
            // the JVM ends
        }
    }

    /** NATS JetStream: a file-backed stream, publishes acked by the server, a push consumer with explicit acks. */
    private static final class JetStreamPeer implements Peer {
        private static final String SUBJECT = "bench.bus";
        private final Connection connection;
        private final JetStream jetStream;

        JetStreamPeer(String url) throws Exception {
            connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).build());
            connection.jetStreamManagement().addStream(StreamConfiguration.builder().name("BENCH").subjects(SUBJECT).storageType(StorageType.File).build());
            jetStream = connection.jetStream();
        }

        @Override
        public CompletableFuture<?> publish(byte[] body) {
            return jetStream.publishAsync(SUBJECT, body);
        }

        @Override
        public void consume(Consumer<Received> received) throws Exception {
            Dispatcher dispatcher = connection.createDispatcher();
            ConsumerConfiguration consumer = ConsumerConfiguration.builder().durable("bench").ackPolicy(AckPolicy.Explicit).maxAckPending(20_000)
                    .ackWait(Duration.ofSeconds(60)).build();
            jetStream.subscribe(SUBJECT, dispatcher, message -> received.accept(new Received(publishedAt(message.getData()), message)), false,
                    PushSubscribeOptions.builder().configuration(consumer).build());
            connection.flush(Duration.ofSeconds(5));
        }

        @Override
        public CompletableFuture<?> ack(Received message) {
            ((Message) message.handle()).ack(); // JetStream's ack is one message to the server, not answered
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /**
     * Redis streams: XADD; XREADGROUP BLOCK in a consumer group; XACK. Jedis is synchronous: one thread
     * sends what is waiting as one pipeline (one command when one is in flight, up to the window when more are).
     */
    private static final class RedisPeer implements Peer {
        private static final String STREAM = "bench:bus";
        private final JedisPooled redis;
        private final List<Pending> batch = new ArrayList<>();

        private record Pending(boolean add, byte[] body, StreamEntryID id, CompletableFuture<Object> done) {
        }

        private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(100_000);

        RedisPeer(String url) {
            redis = new JedisPooled(URI.create(url));
            redis.del(STREAM);
            redis.xgroupCreate(STREAM, "bench", new StreamEntryID(0, 0), true);
            Thread sender = new Thread(this::send, "bench-redis-pipeline");
            sender.setDaemon(true);
            sender.start();
        }

        private void send() {
            try {
                while (true) {
                    batch.add(pending.take());
                    pending.drainTo(batch, 999);
                    List<Response<?>> answers = new ArrayList<>(batch.size());
                    try (AbstractPipeline pipeline = redis.pipelined()) {
                        for (Pending command : batch) {
                            answers.add(command.add()
                                    ? pipeline.xadd(STREAM, XAddParams.xAddParams(), Map.of("m", new String(command.body(), StandardCharsets.UTF_8)))
                                    : pipeline.xack(STREAM, "bench", command.id()));
                        }
                        pipeline.sync();
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).done().complete(answers.get(i).get());
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private CompletableFuture<?> enqueue(Pending command) {
            if (!pending.offer(command)) {
                command.done().completeExceptionally(new IllegalStateException("too many commands waiting"));
            }
            return command.done();
        }

        @Override
        public CompletableFuture<?> publish(byte[] body) {
            return enqueue(new Pending(true, body, null, new CompletableFuture<>()));
        }

        @Override
        public void consume(Consumer<Received> received) {
            Thread reader = new Thread(() -> {
                XReadGroupParams read = XReadGroupParams.xReadGroupParams().count(1000).block(1000);
                while (true) {
                    List<Map.Entry<String, List<StreamEntry>>> got = redis.xreadGroup("bench", "c1", read, Map.of(STREAM, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                    if (got == null) {
                        continue;
                    }
                    for (Map.Entry<String, List<StreamEntry>> stream : got) {
                        for (StreamEntry entry : stream.getValue()) {
                            received.accept(new Received(publishedAt(entry.getFields().get("m").getBytes(StandardCharsets.UTF_8)), entry.getID()));
                        }
                    }
                }
            }, "bench-redis-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public CompletableFuture<?> ack(Received message) {
            return enqueue(new Pending(false, null, (StreamEntryID) message.handle(), new CompletableFuture<>()));
        }

        @Override
        public void close() {
            redis.close();
        }
    }
}
