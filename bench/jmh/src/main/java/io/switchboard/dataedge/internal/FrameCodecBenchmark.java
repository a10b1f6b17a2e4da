package io.switchboard.dataedge.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.data.DataEvent;
import io.switchboard.data.Item;
import io.switchboard.data.WriteOptions;
import io.switchboard.data.spi.StoredItem;
import io.switchboard.protocol.JsonInput;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.Request;
import io.switchboard.protocol.internal.SwitchboardJsonProtocol;

/**
 * The wire codec of one data request, tree against streaming: the frame's bytes decoded into a
 * request, then its answer (the item: a set's acknowledgement, a get's result) encoded to bytes,
 * and for {@code set} also the publication of the change to one subscriber. {@code tree} is the
 * codec before issue 13 item 2 (the frame read whole into a tree by the limits' mapper, then
 * taken apart; answers and events built as trees, then written); {@code streaming} is the
 * protocol's streaming reader and the data edge's items and events written straight from the value.
 * Run with {@code -prof gc} for the bytes allocated per operation. In this package only to reach
 * the data edge's package-private JSON mapping (a plain class path, not OSGi).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 8, time = 2) // the JIT needs the time on a loaded 2-core machine
@Measurement(iterations = 5, time = 2)
public class FrameCodecBenchmark {

    private static final JsonInput.Codes CODES = new JsonInput.Codes("protocol.malformed", "protocol.too-deep");

    @Param({ "set", "get" })
    public String frame;

    private final SwitchboardJsonProtocol protocol = new SwitchboardJsonProtocol();
    private byte[] bytes;
    private StoredItem stored;
    private long version;

    @Setup
    public void setUp() {
        String text = frame.equals("set")
                ? "{\"id\":1234,\"action\":\"set\",\"path\":\"/bench/k17\",\"data\":{\"n\":17,\"sent\":1733400000000000,\"s\":\"0123456789abcdef\"}}"
                : "{\"id\":1234,\"action\":\"get\",\"path\":\"/bench/k17\"}";
        bytes = text.getBytes(StandardCharsets.UTF_8);
        ObjectNode data = (ObjectNode) JsonInput.read("{\"n\":17,\"sent\":1733400000000000,\"s\":\"0123456789abcdef\"}", "data", CODES);
        stored = new StoredItem("/bench/k17", data, 1733400000000L, 1733400000000L, null, 1);
    }

    @Benchmark
    public void tree(Blackhole out) {
        Request request = treeDecode(bytes);
        Item item = item(request);
        out.consume(protocol.encodeBytes(new Outbound.Response(request.id(), DataJson.itemTree(item))));
        if (frame.equals("set")) {
            out.consume(protocol.encodeBytes(new Outbound.Publication("s-1", DataJson.eventTree(DataEvent.set(item, WriteOptions.DEFAULTS, true)))));
        }
    }

    @Benchmark
    public void streaming(Blackhole out) {
        Request request = protocol.decode(bytes, 0, bytes.length);
        Item item = item(request);
        out.consume(protocol.encodeBytes(new Outbound.Response(request.id(), DataJson.item(item))));
        if (frame.equals("set")) {
            out.consume(protocol.encodeBytes(new Outbound.Publication("s-1", DataJson.event(DataEvent.set(item, WriteOptions.DEFAULTS, true)))));
        }
    }

    /** What the store gives back: for a set, the written document as a new version; for a get, the stored one. */
    private Item item(Request request) {
        if (request.action().equals("set")) {
            return new StoredItem(request.params().get("path").textValue(), (ObjectNode) request.params().get("data"),
                    stored.created(), stored.modified(), null, ++version);
        }
        return stored;
    }

    /** The decoder before the streaming reader, on the valid path it takes for these frames. */
    private static Request treeDecode(byte[] utf8) {
        ObjectNode params = (ObjectNode) JsonInput.read(utf8, 0, utf8.length, "the frame", CODES);
        JsonNode id = params.remove("id");
        JsonNode action = params.remove("action");
        if (id == null || action == null || !action.isTextual()) {
            throw new ProtocolException("protocol.missing-field", "not a request", id);
        }
        return new Request(id, action.asText(), params);
    }
}
