package io.switchboard.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The driver's SSE reader finds each message's id and publish time however the bytes arrive. */
class SseEventsTest {

    @Test
    void eachEventsIdAndTimeComeOutWhateverTheReadsCutAt() throws IOException {
        byte[] bytes = stream();
        for (int chunk : new int[] {1, 7, 100, 1 << 20}) {
            List<String> seen = new ArrayList<>();
            new SseEvents((id, nanos) -> seen.add(id + " " + nanos)).read(chunked(bytes, chunk));
            assertSeen(seen, "reads of " + chunk);
        }
    }

    /** As Jetty's HTTP client hands the stream over: buffers of any size, each taken whole. */
    @Test
    void eachEventsIdAndTimeComeOutWhateverTheBuffersPushedIn() {
        byte[] bytes = stream();
        for (int chunk : new int[] {1, 7, 100, 70_000, 1 << 20}) {
            List<String> seen = new ArrayList<>();
            SseEvents events = new SseEvents((id, nanos) -> seen.add(id + " " + nanos));
            for (int at = 0; at < bytes.length; at += chunk) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at));
                events.feed(buffer);
                assertEquals(0, buffer.remaining(), "a buffer is taken whole");
            }
            assertSeen(seen, "buffers of " + chunk);
        }
    }

    private static void assertSeen(List<String> seen, String how) {
        assertEquals(300, seen.size(), how);
        assertEquals("bench~1 1000000000001", seen.get(0));
        assertEquals("bench~300 1000000000300", seen.get(299));
    }

    private static byte[] stream() {
        StringBuilder stream = new StringBuilder(": stream open\n\n");
        for (int i = 1; i <= 300; i++) {
            stream.append("id: bench~").append(i).append("\nevent: message\ndata: {\"id\":\"bench~").append(i).append("\",\"payload\":{\"t\":")
                    .append(1_000_000_000_000L + i).append("},\"priority\":4,\"deliveries\":1}\n\n");
            if (i % 100 == 0) {
                stream.append(": keepalive\n\n");
            }
        }
        stream.append("event: error\ndata: {\"error\":{\"code\":\"bus.unknown-topic\"}}\n\n");
        stream.append("data: ").append("y".repeat(100_000)).append("\n\n"); // a line longer than the buffer
        return stream.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream chunked(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
