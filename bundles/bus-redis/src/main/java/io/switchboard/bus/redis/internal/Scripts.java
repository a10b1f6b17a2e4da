package io.switchboard.bus.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The driver's Lua scripts (resources beside this class, each prefixed with {@code common.lua}),
 * loaded into the server once and run by their SHA; loaded again when the server forgot them (a
 * restart, {@code SCRIPT FLUSH}). Each runs atomically in the server.
 */
final class Scripts {

    private static final String COMMON = read("common.lua");
    /** The error a script answers when the topic's settings are not in the server. */
    static final String NO_SETTINGS = "NOSETTINGS";
    private static final String GUARD = "if redis.call('EXISTS', P .. 'settings') == 0 then return redis.error_reply('" + NO_SETTINGS + "') end\n";

    private final UnifiedJedis redis;
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    Scripts(UnifiedJedis redis) {
        this.redis = redis;
        for (String name : List.of("append", "lease", "settle", "release", "expire", "configure", "redrive", "purge", "stats")) {
            // a server that lost the topic's settings (restarted without persistence) says so; the queue sets them again
            sources.put(name, COMMON + "\n" + (name.equals("configure") ? "" : GUARD) + read(name + ".lua"));
        }
        // a batch in one call: the single script's own text as a function, run once per entry
        // ARGV: append's 7 arguments for each entry in turn; returns append's answer per entry
        sources.put("appendall", COMMON + "\n" + GUARD + asFunction("append")
                + "for i = 1, #ARGV, 7 do out[#out + 1] = one({ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]}) end\n"
                + "return out\n");
        // ARGV: group, consumer, now, visibleAt (-1: an ack), then the sequences; returns settle's answer per sequence
        sources.put("settleall", COMMON + "\n" + GUARD + asFunction("settle")
                + "for i = 5, #ARGV do out[#out + 1] = one({ARGV[1], ARGV[i], ARGV[2], ARGV[3], ARGV[4]}) end\nreturn out\n");
    }

    /** A script's text as {@code one(ARGV)}, its return the function's, and an empty {@code out} for the answers. */
    private static String asFunction(String name) {
        return "local function one(ARGV)\n" + read(name + ".lua") + "\nend\nlocal out = {}\n";
    }

    Object run(String name, String prefix, List<byte[]> args) {
        List<byte[]> keys = List.of(prefix.getBytes(StandardCharsets.UTF_8));
        String sha = shas.computeIfAbsent(name, this::load);
        try {
            return redis.evalsha(sha.getBytes(StandardCharsets.UTF_8), keys, args);
        } catch (JedisNoScriptException forgotten) {
            shas.put(name, load(name));
            return redis.evalsha(shas.get(name).getBytes(StandardCharsets.UTF_8), keys, args);
        }
    }

    private String load(String name) {
        return redis.scriptLoad(sources.get(name));
    }

    private static String read(String resource) {
        try (InputStream in = Scripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the script " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
