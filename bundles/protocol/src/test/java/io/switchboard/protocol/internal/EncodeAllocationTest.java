package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.protocol.Outbound;

/**
 * Writing a small answer allocates about the answer: no fresh 2 KB write buffer per frame (the
 * recycled buffer once did not go back to Jackson's pool, and every frame cost a new block), and no
 * generator per frame ({@link FrameWriters}: 464 bytes per frame of this test with one, 136 without).
 */
class EncodeAllocationTest {

    @Test
    void aSmallAnswerDoesNotAllocateAWriteBufferPerFrame() {
        SwitchboardJsonProtocol protocol = new SwitchboardJsonProtocol();
        Outbound answer = new Outbound.Response(new IntNode(1234), new TextNode("pong"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            protocol.encodeBytes(answer); // the pool's buffers exist from here on
        }
        int frames = 20_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < frames; i++) {
            protocol.encodeBytes(answer);
        }
        long perFrame = (threads.getThreadAllocatedBytes(thread) - before) / frames;
        assertTrue(perFrame < 250, perFrame + " bytes allocated per 36-byte frame");
    }
}
