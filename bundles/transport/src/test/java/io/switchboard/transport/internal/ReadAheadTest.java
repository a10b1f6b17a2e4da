package io.switchboard.transport.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/**
 * Flushing when the read buffer is drained needs to see Jetty's read buffer. A Jetty upgrade that
 * moves it would silently turn batching off (every answer written at once): this test says so.
 */
class ReadAheadTest {

    @Test
    void theJettyInUseShowsItsReadBuffer() {
        assertTrue(ReadAhead.available(), "org.eclipse.jetty.websocket.core.WebSocketConnection.networkBuffer is gone: "
                + "find how this Jetty tells that frames wait behind the one being handled");
    }

    /** An answer is held only for a frame that is all there: never for bytes the client has yet to send. */
    @Test
    void onlyAWholeFinalFrameCountsAsWaiting() {
        byte[] masked = {(byte) 0x81, (byte) 0x83, 1, 2, 3, 4, 'a', 'b', 'c'};
        assertTrue(ReadAhead.wholeFinalFrame(ByteBuffer.wrap(masked)));
        for (int cut = 0; cut < masked.length; cut++) {
            assertFalse(ReadAhead.wholeFinalFrame(ByteBuffer.wrap(masked, 0, cut)), "cut at " + cut);
        }
        byte[] firstFragment = masked.clone();
        firstFragment[0] = 0x01; // FIN clear: the message goes on in frames not read yet
        assertFalse(ReadAhead.wholeFinalFrame(ByteBuffer.wrap(firstFragment)));
        ByteBuffer longer = ByteBuffer.allocate(4 + 4 + 300);
        longer.put((byte) 0x81).put((byte) (0x80 | 126)).putShort((short) 300).putInt(0).position(longer.capacity()).flip();
        assertTrue(ReadAhead.wholeFinalFrame(longer));
        assertFalse(ReadAhead.wholeFinalFrame(longer.limit(longer.limit() - 1)));
        ByteBuffer after = ByteBuffer.wrap(new byte[] {'x', 'y', (byte) 0x89, 0}); // a ping after the frame being handled
        after.position(2);
        assertTrue(ReadAhead.wholeFinalFrame(after));
    }
}
