package io.switchboard.itests.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RawWebSocket.Frame;
import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * At most {@code maxSessions} sessions are open at once. One connection more is upgraded and then
 * closed at once with 1013 (try again later) and a reason that says why, in raw frames as any
 * client sees it; the sessions already open go on, the server stays up, and a place given back by
 * a session that ends is taken by the next connection.
 */
class SessionLimitRegressionTest {

    private static final int MAX = 3;

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge")
            .withEtc("io.switchboard.session.cfg", "maxSessions = " + MAX + "\n");

    private static RawWebSocket handshaken() {
        RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
        ws.sendText("{\"id\":1,\"action\":\"handshake\"}");
        assertTrue(WireClient.json(ws.readText()).has("result"));
        return ws;
    }

    @Test
    void aConnectionOverTheLimitIsClosedWithTryAgainLaterAndTheOthersGoOn() {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX; i++) {
                open.add(handshaken());
            }

            try (RawWebSocket refused = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1")) {
                Frame close = refused.readAnswering();
                assertEquals(RawWebSocket.CLOSE, close.opcode(), close.text());
                assertEquals(1013, close.closeCode());
                assertEquals("the server has " + MAX + " sessions open, its limit; try again later", close.text().substring(2));
            }

            for (RawWebSocket ws : open) {
                ws.sendText("{\"id\":2,\"action\":\"ping\"}");
                assertEquals("pong", WireClient.json(ws.readText()).path("result").asText());
            }
            assertEquals(200, new Http(RUNTIME.port()).get("/health").statusCode());

            open.remove(0).close();
            RawWebSocket next = Await.until("a place given back by the session that ended", Duration.ofSeconds(20), () -> {
                RawWebSocket ws = RawWebSocket.connect(RUNTIME.port(), "/api/ws", "switchboard.v1");
                ws.sendText("{\"id\":1,\"action\":\"handshake\"}");
                Frame frame = ws.readAnswering();
                if (frame.opcode() == RawWebSocket.TEXT) {
                    return ws;
                }
                ws.close();
                return null;
            });
            open.add(next);
        } finally {
            open.forEach(RawWebSocket::close);
        }
    }
}
