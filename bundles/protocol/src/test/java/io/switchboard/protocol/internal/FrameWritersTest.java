package io.switchboard.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.switchboard.system.json.JsonLimits;

/** A generator kept per thread writes each frame as if it were the first: nothing between, before or after. */
class FrameWritersTest {

    private final FrameWriters frames = new FrameWriters(JsonLimits.factory());

    private String text(FrameWriters.Writing writing) {
        return new String(frames.write(writing), StandardCharsets.UTF_8);
    }

    private static FrameWriters.Writing object(String key, Object value) {
        return generator -> {
            generator.writeStartObject();
            generator.writeObjectField(key, value);
            generator.writeEndObject();
        };
    }

    @Test
    void framesOneAfterAnotherAreEachTheirOwnJson() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals("{\"id\":" + i + "}", text(object("id", i)));
        }
        assertEquals("\"scalar\"", text(generator -> generator.writeString("scalar")));
        assertEquals("[1,2]", text(generator -> generator.writeArray(new int[] {1, 2}, 0, 2)));
    }

    @Test
    void aFrameThatFailedPartWayLeavesNothingInTheNext() {
        assertEquals("{\"a\":1}", text(object("a", 1)));
        assertThrows(IllegalStateException.class, () -> frames.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("half", "written");
            throw new IllegalStateException("the value could not be written");
        }));
        assertEquals("{\"b\":2}", text(object("b", 2)));
        UncheckedIOException io = assertThrows(UncheckedIOException.class, () -> frames.write(generator -> {
            generator.writeStartArray();
            throw new IOException("refused");
        }));
        assertEquals("refused", io.getCause().getMessage());
        assertEquals("{\"c\":3}", text(object("c", 3)));
    }

    @Test
    void aFrameWrittenWhileAnotherIsIsWrittenApart() {
        String[] inner = new String[1];
        String outer = text(generator -> {
            generator.writeStartObject();
            generator.writeNumberField("outer", 1);
            inner[0] = text(object("inner", 2));
            generator.writeEndObject();
        });
        assertEquals("{\"outer\":1}", outer);
        assertEquals("{\"inner\":2}", inner[0]);
        assertEquals("{\"after\":3}", text(object("after", 3)));
    }

    @Test
    void aBigFrameThenASmallOne() {
        String big = "x".repeat(FrameWriters.KEPT_BYTES * 3);
        assertEquals("{\"big\":\"" + big + "\"}", text(object("big", big)));
        assertEquals("{\"small\":1}", text(object("small", 1)));
    }

    @Test
    void threadsWritingAtOnceGetTheirOwnFrames() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String key = "thread" + t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        assertEquals("{\"" + key + "\":" + i + "}", text(object(key, i)));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
