package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/** Many subscribers on Jetty's client: each set up, each publication counted, refusals reported. */
class ManySocketsTest {

    /** A runtime's answers to the handshake and to a subscription; a subscription to /ok is sent two publications. */
    private static final ScriptedServer.Script RUNTIME = (session, text) -> {
        if (text.contains("\"action\":\"handshake\"")) {
            ScriptedServer.text(session, "{\"id\":0,\"ok\":true}");
        } else if (text.contains("\"path\":\"/ok\"")) {
            ScriptedServer.text(session, "{\"id\":1,\"ok\":true}");
            ScriptedServer.text(session, "{\"publication\":{\"path\":\"/ok\",\"n\":1}}");
            ScriptedServer.text(session, "{\"publication\":{\"path\":\"/ok\",\"n\":2}}");
        } else {
            ScriptedServer.text(session, "{\"id\":1,\"ok\":false,\"error\":{\"code\":\"denied\"}}");
        }
    };

    @Test
    void everyConnectionSubscribesAndCountsWhatItIsSent() throws Exception {
        try (ScriptedServer server = new ScriptedServer(RUNTIME, null);
                ManySockets sockets = new ManySockets(server.port(), "{\"id\":1,\"action\":\"on\",\"path\":\"/ok\"}")) {
            sockets.open(300); // more than the set-up window of 256
            await(() -> sockets.ready() == 300 && sockets.delivered() == 600, () -> sockets.ready() + " ready, " + sockets.delivered() + " delivered");
            assertEquals(0, sockets.failed());
            assertTrue(sockets.lastDeliveryNanos() > 0);
        }
    }

    @Test
    void aRefusedSubscriptionIsAFailureWithTheAnswer() throws Exception {
        try (ScriptedServer server = new ScriptedServer(RUNTIME, null);
                ManySockets sockets = new ManySockets(server.port(), "{\"id\":1,\"action\":\"on\",\"path\":\"/no\"}")) {
            sockets.open(5);
            await(() -> sockets.failed() == 5, () -> sockets.failed() + " failed");
            assertEquals(0, sockets.ready());
            assertTrue(sockets.firstFailure().startsWith("refused: {\"id\":1,\"ok\":false"), sockets.firstFailure());
        }
    }

    /** ManySockets only counts (as bench/edge-conns.sh reads it): the test looks at the counts until they are reached, for at most 20 s. */
    private static void await(BooleanSupplier reached, java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s: " + state.get());
            }
            Thread.sleep(5);
        }
    }
}
