package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus's batch routes and SSE stream on Jetty's HTTP client, against a scripted bus on 127.0.0.1. */
class BusSocketPeerTest {

    /** Messages per publish batch the server received, in order. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    /** Opened by a test to let the held publish requests be answered. */
    private final CountDownLatch answerPublishes = new CountDownLatch(1);
    private ScriptedServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedServer((session, text) -> { }, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (!"Bearer tok".equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                    Response.writeError(request, response, callback, 401);
                } else if (path.equals("/api/bus/topics/t/messages/batch")) {
                    String body = Content.Source.asString(request);
                    batches.add(body.split("\"payload\":", -1).length - 1);
                    answerPublishes.await(10, TimeUnit.SECONDS);
                    response.setStatus(202);
                    Content.Sink.write(response, true, "{\"ids\":[]}", callback);
                } else if (path.equals("/api/bus/messages/ack")) {
                    String body = Content.Source.asString(request);
                    response.setStatus(200);
                    Content.Sink.write(response, true, body.contains("bad") ? "{\"results\":[{\"error\":{\"code\":\"bus.unknown-message\"}}]}"
                            : "{\"acked\":1}", callback);
                } else if (path.equals("/api/bus/topics/t/stream")) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
                    // two writes that cut an event in the middle of a line; t~2 comes twice (delivered again)
                    response.write(false, BufferUtil.toBuffer("id: t~1\nevent: message\ndata: {\"payload\":{\"t\":11}}\n\nid: t~2\nda"), Callback.NOOP);
                    response.write(false, BufferUtil.toBuffer("ta: {\"payload\":{\"t\":22}}\n\nid: t~2\ndata: {\"payload\":{\"t\":22}}\n\n"
                            + "id: t~3\ndata: {\"payload\":{\"t\":33}}\n\n"), Callback.NOOP);
                    // the stream stays open until the server stops
                } else {
                    Response.writeError(request, response, callback, path.endsWith("/stream") ? 403 : 404);
                }
                return true;
            }
        });
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        answerPublishes.countDown();
        server.close();
    }

    @Test
    void publishesQueuedWhileRequestsAreOutGoTogetherUpToTheBatchSize() throws Exception {
        try (BusSocketPeer peer = new BusSocketPeer(base, "tok", "t", 100)) {
            List<CompletableFuture<?>> published = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                published.add(peer.publish(("{\"t\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            answerPublishes.countDown(); // the first requests were held: everything else waited behind them
            CompletableFuture.allOf(published.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            assertEquals(1_000, batches.stream().mapToInt(Integer::intValue).sum());
            assertTrue(batches.stream().allMatch(n -> n <= 100), batches.toString());
            assertTrue(batches.size() <= 2 + 10, "two requests out at first, then batches of 100: " + batches);
        }
    }

    @Test
    void anAnswerThatRefusesAnEntryFailsItsBatch() throws Exception {
        try (BusSocketPeer peer = new BusSocketPeer(base, "tok", "t", 100)) {
            peer.ack(new BusLoad.Received(0, "t~1")).get(10, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> peer.ack(new BusLoad.Received(0, "bad")).get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().startsWith("an entry was refused: "), refused.getCause().getMessage());
        }
    }

    @Test
    void anUnexpectedStatusFailsWithIt() throws Exception {
        try (BusSocketPeer peer = new BusSocketPeer(base, "tok", "missing", 100)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> peer.publish("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().startsWith("/api/bus/topics/missing/messages/batch answered 404"), failed.getCause().getMessage());
        }
    }

    @Test
    void theStreamHandsEachMessageOverOnceWhateverTheChunks() throws Exception {
        try (BusSocketPeer peer = new BusSocketPeer(base, "tok", "t", 100)) {
            BlockingQueue<BusLoad.Received> received = new LinkedBlockingQueue<>();
            peer.consume(received::add);
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                BusLoad.Received message = received.poll(10, TimeUnit.SECONDS);
                got.add(message.handle() + " " + message.publishedNanos());
            }
            assertEquals(List.of("t~1 11", "t~2 22", "t~3 33"), got);
            assertEquals(1, peer.duplicates.get());
        }
    }

    @Test
    void aStreamThatIsRefusedIsAClearError() throws Exception {
        try (BusSocketPeer peer = new BusSocketPeer(base, "tok", "forbidden", 100)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> peer.consume(message -> { }));
            assertEquals("the stream answered 403", refused.getMessage());
        }
    }
}
