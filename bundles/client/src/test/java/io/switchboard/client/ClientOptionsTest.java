package io.switchboard.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The send queue's bound as an option: its default, the constructor from before 1.4, and what is refused. */
class ClientOptionsTest {

    private static final URI WS = URI.create("ws://127.0.0.1:8080/api/ws");

    @Test
    void theBoundIs16MiBUnlessSetAlsoThroughTheConstructorOfBefore14() {
        assertEquals(16 * 1024 * 1024, ClientOptions.to(WS).maxQueuedBytes());
        assertEquals(16 * 1024 * 1024, new ClientOptions(WS, "n", null, null, null, null, null, null).maxQueuedBytes());
    }

    @Test
    void settingTheBoundKeepsTheOtherOptionsAndOtherWithersKeepTheBound() {
        ClientOptions options = ClientOptions.to(WS).withName("n").withRequestTimeout(Duration.ofSeconds(3)).withMaxQueuedBytes(1 << 20)
                .withCredentials("u", "p").withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(2)).withSslContext(null).withName("m");
        assertEquals(1 << 20, options.maxQueuedBytes());
        assertEquals("m", options.name());
        assertEquals(Duration.ofSeconds(3), options.requestTimeout());
        assertEquals("u", options.username());
        assertEquals(Duration.ofSeconds(2), options.reconnectMax());
    }

    @Test
    void aBoundUnder64KiBIsRefusedInTheOptionsTerms() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClientOptions.to(WS).withMaxQueuedBytes(1000));
        assertEquals("maxQueuedBytes must be at least 65536 (64 KiB), was 1000", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.to(WS).withMaxQueuedBytes(-1));
    }
}
