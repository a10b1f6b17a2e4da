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

    private final UnifiedJedis redis;
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    Scripts(UnifiedJedis redis) {
        this.redis = redis;
        for (String name : List.of("append", "lease", "settle", "release", "expire", "configure", "redrive", "purge", "stats")) {
            // a server that lost the topic's settings (restarted without persistence) says so; the queue sets them again
            String guard = name.equals("configure") ? "" : "if redis.call('EXISTS', P .. 'settings') == 0 then return redis.error_reply('"
                    + NO_SETTINGS + "') end\n";
            sources.put(name, COMMON + "\n" + guard + read(name + ".lua"));
        }
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
