package io.switchboard.itests.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.switchboard.itests.support.FreePort;
import io.switchboard.itests.support.RawWebSocket;
import io.switchboard.itests.support.RuntimeProcess;
import io.switchboard.itests.support.WireClient;

/**
 * 100,000 random and mutated frames against the real distribution, then a normal client must
 * still be served correctly. The seed is printed and can be fixed with -Dfuzz.seed=N to replay a run.
 */
class FuzzTest {

    private static final int FRAMES = 100_000;
    private static final List<String> ACTIONS = List.of("handshake", "ping", "set", "get", "count", "remove", "increment",
            "publish", "on", "off", "offPattern", "teleport", "");
    private static final List<String> OPERATORS = List.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$and",
            "$or", "$not", "$exists", "$regex", "$options", "$where", "$bogus");
    private static final String JSON_CHARACTERS = "{}[],:\"\\0-9.eE$";
    private static final List<String> SEGMENTS = List.of("a", "b", "*", "**", "", "x y", "%", "é", "../", "{z}", "$", "!");

    @TempDir
    Path work;

    @Test
    void theServerSurvivesGarbageAndStillServesANormalClient() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("FuzzTest seed: " + seed);
        Random random = new Random(seed);
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        // No rate limit here: the point is to reach the decoder and every handler, not the limiter.
        Files.writeString(home.resolve("etc/io.switchboard.session.cfg"), "rate.limit = 0\n");
        // Writes go to memory: the store's durability is tested elsewhere, and a disk sync per garbage frame only slows this down.
        Files.writeString(home.resolve("etc/io.switchboard.data.memory.cfg"), "switchboard.data.patterns = /fuzz/**\n");
        int port = FreePort.pick();
        try (RuntimeProcess runtime = RuntimeProcess.start(home, port,
                RuntimeProcess.testEnv("core,edge")).awaitReady()) {
            RawWebSocket socket = null;
            int connections = 0;
            for (int i = 0; i < FRAMES; i++) {
                if (socket == null || i % 5_000 == 0) {
                    if (socket != null) {
                        socket.close();
                    }
                    socket = RawWebSocket.connect(port, "/api/ws", null);
                    socket.readInBackground(); // read and discard, so the server never sees a slow consumer
                    connections++;
                    if (random.nextBoolean()) {
                        socket.sendText("{\"id\":0,\"action\":\"handshake\"}");
                    }
                }
                String frame = frame(random, i);
                try {
                    socket.sendText(frame);
                } catch (RuntimeException closedByServer) {
                    socket.close();
                    socket = null; // the server may close a connection for cause; open another
                }
            }
            if (socket != null) {
                socket.close();
            }
            System.out.println("FuzzTest: " + FRAMES + " frames over " + connections + " connections");

            try (WireClient client = WireClient.connect(port)) {
                assertEquals("pong", client.ok("ping", WireClient.object()).asText());
                client.ok("set", WireClient.object().put("path", "/after/fuzz").set("data", WireClient.object().put("ok", true)));
                assertEquals(true, client.ok("get", WireClient.object().put("path", "/after/fuzz")).get("data").get("ok").asBoolean());
            }
            assertEquals(200, runtime.http().get("/health").statusCode());
            assertEquals(0, runtime.stop(), runtime.log());
            assertFalse(runtime.log().contains("OutOfMemoryError"), runtime.log());
            System.out.println("FuzzTest: why sessions ended: " + endReasons(runtime.log()));
        }
    }

    /** How many sessions ended for each reason, from the runtime's session.end log lines. */
    private static Map<String, Long> endReasons(String log) {
        return log.lines().filter(line -> line.contains("session.end"))
                .map(line -> line.substring(line.indexOf("reason=\"") + 8).replaceAll("[0-9]+", "N"))
                .collect(java.util.stream.Collectors.groupingBy(reason -> reason, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static String frame(Random random, int i) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> request(random, i);
            case 2 -> mutate(random, request(random, i));
            case 3 -> json(random, 3);
            default -> text(random, random.nextInt(200));
        };
    }

    /** A request that is nearly right: a known or unknown action, odd paths, odd data and options. */
    private static String request(Random random, int id) {
        StringBuilder frame = new StringBuilder("{");
        if (random.nextInt(10) > 0) {
            frame.append("\"id\":").append(random.nextInt(4) == 0 ? json(random, 1) : Integer.toString(id)).append(',');
        }
        frame.append("\"action\":\"").append(ACTIONS.get(random.nextInt(ACTIONS.size()))).append('"');
        if (random.nextInt(5) > 0) {
            frame.append(",\"path\":\"").append(path(random)).append('"');
        }
        if (random.nextBoolean()) {
            frame.append(",\"data\":").append(json(random, 3));
        }
        if (random.nextBoolean()) {
            frame.append(",\"field\":\"").append(SEGMENTS.get(random.nextInt(SEGMENTS.size()))).append("\",\"by\":").append(json(random, 0));
        }
        if (random.nextBoolean()) {
            frame.append(",\"options\":{\"criteria\":{\"n\":{\"").append(OPERATORS.get(random.nextInt(OPERATORS.size())))
                    .append("\":").append(json(random, 2)).append("}},\"").append(random.nextBoolean() ? "limit" : "sort")
                    .append("\":").append(json(random, 1)).append(",\"initial\":").append(random.nextBoolean()).append('}');
        }
        if (random.nextInt(20) == 0) {
            frame.append(",\"subscription\":").append(json(random, 0));
        }
        return frame.append('}').toString();
    }

    private static String path(Random random) {
        StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? "" : "/fuzz");
        for (int i = random.nextInt(4); i >= 0; i--) {
            path.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
        }
        return path.toString().replace("\"", "");
    }

    private static String json(Random random, int depth) {
        int kind = depth <= 0 ? random.nextInt(5) : random.nextInt(7);
        return switch (kind) {
            case 0 -> Integer.toString(random.nextInt(2000) - 1000);
            case 1 -> Double.toString(random.nextDouble() * 1e6);
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "\"" + text(random, random.nextInt(12)).replace("\\", "").replace("\"", "") + "\"";
            case 4 -> "false";
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(json(random, depth - 1)).append(i > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.append("\"k").append(random.nextInt(5)).append("\":").append(json(random, depth - 1)).append(i > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private static String mutate(Random random, String frame) {
        StringBuilder mutated = new StringBuilder(frame);
        for (int i = 1 + random.nextInt(4); i > 0 && mutated.length() > 0; i--) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(3)) {
                case 0 -> mutated.deleteCharAt(at);
                case 1 -> mutated.insert(at, JSON_CHARACTERS.charAt(random.nextInt(JSON_CHARACTERS.length())));
                default -> mutated.setCharAt(at, (char) (32 + random.nextInt(95)));
            }
        }
        return mutated.toString();
    }

    /** Printable text, with a few characters from outside ASCII (never lone surrogates: a text frame must be UTF-8). */
    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(20) == 0 ? (char) (0xA0 + random.nextInt(0x2000)) : (char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }
}
