package io.switchboard.itests.security;

import static io.switchboard.itests.security.Attacker.ADMIN_PASSWORD;
import static io.switchboard.itests.security.Attacker.http;
import static io.switchboard.itests.security.Attacker.loggedIn;
import static io.switchboard.itests.support.WireClient.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.itests.support.RunningRuntime;
import io.switchboard.itests.support.WireClient;

/**
 * Every entry point decides as one reference function does, for random permission sets and random
 * paths and patterns (the reserved tree and patterns that cover it included): WebSocket get, set,
 * merge, remove, count and on, and HTTP GET, PUT, PATCH and DELETE. The reference is written here
 * from the rules in docs/protocol.md, by enumerating paths, not from the server's code. A fixed
 * seed, printed with any failure; a bounded number of rounds.
 */
class PermissionPropertyTest {

    private static final long SEED = 20_261_205L;
    private static final int ROUNDS = 24;
    private static final int REQUESTS_PER_ROUND = 10;
    private static final String[] SEGMENTS = {"a", "b", "_SYSTEM", "security", "*", "**"};
    private static final String[] ACTIONS = {"get", "set", "on", "remove", "count", "*"};

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security")
            .withEtc("io.switchboard.security.cfg", Attacker.SECURITY_CFG);

    /** One permission as the directory takes it. */
    private record Grant(String pattern, Set<String> actions, Set<String> prohibited) {
        ObjectNode json() {
            ObjectNode json = object().put("pattern", pattern);
            actions.forEach(json.putArray("actions")::add);
            prohibited.forEach(json.putArray("prohibited")::add);
            return json;
        }
    }

    /** One way in: a protocol action or an HTTP method, and the permission action it needs. */
    private enum EntryPoint {
        WS_GET("get"), WS_SET("set"), WS_MERGE("set"), WS_REMOVE("remove"), WS_COUNT("count"), WS_ON("on"),
        HTTP_GET("get"), HTTP_PUT("set"), HTTP_PATCH("set"), HTTP_DELETE("remove");

        final String action;

        EntryPoint(String action) {
            this.action = action;
        }
    }

    @Test
    void everyEntryPointAgreesWithTheReference() {
        Random random = new Random(SEED);
        int port = RUNTIME.port();
        try (WireClient admin = loggedIn(port, "admin", ADMIN_PASSWORD)) {
            admin.ok("security.upsertUser", object().put("username", "prop").put("password", "prop-pass"));
            String token = Attacker.token(port, "prop", "prop-pass");
            try (WireClient user = loggedIn(port, "prop", "prop-pass")) {
                for (int round = 0; round < ROUNDS; round++) {
                    List<Grant> grants = grants(random);
                    ArrayNode permissions = object().arrayNode();
                    grants.forEach(grant -> permissions.add(grant.json()));
                    admin.ok("security.upsertUser", object().put("username", "prop").set("permissions", permissions));
                    for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
                        String path = pattern(random);
                        for (EntryPoint entry : EntryPoint.values()) {
                            boolean expected = Reference.allowed(grants, entry.action, path);
                            boolean refused = refused(entry, path, user, port, token);
                            assertEquals(!expected, refused, entry + " " + path + " with " + grants + " (seed " + SEED + ", round " + round + ")");
                        }
                    }
                }
            }
        }
    }

    private static boolean refused(EntryPoint entry, String path, WireClient user, int port, String token) {
        ObjectNode data = object().put("v", 1);
        return switch (entry) {
            case WS_GET -> forbidden(user.call("get", object().put("path", path)));
            case WS_SET -> forbidden(user.call("set", object().put("path", path).set("data", data)));
            case WS_MERGE -> forbidden(user.call("set", object().put("path", path).<ObjectNode>set("data", data)
                    .set("options", object().put("merge", true))));
            case WS_REMOVE -> forbidden(user.call("remove", object().put("path", path)));
            case WS_COUNT -> forbidden(user.call("count", object().put("path", path)));
            case WS_ON -> forbidden(user.call("on", object().put("path", path)));
            case HTTP_GET -> http(port, "GET", "/api/data" + path, token, null).statusCode() == 403;
            case HTTP_PUT -> http(port, "PUT", "/api/data" + path, token, data.toString()).statusCode() == 403;
            case HTTP_PATCH -> http(port, "PATCH", "/api/data" + path, token, data.toString()).statusCode() == 403;
            case HTTP_DELETE -> http(port, "DELETE", "/api/data" + path, token, null).statusCode() == 403;
        };
    }

    private static boolean forbidden(JsonNode answer) {
        return !answer.path("ok").asBoolean() && answer.path("error").path("code").asText().equals("security.forbidden");
    }

    private static List<Grant> grants(Random random) {
        List<Grant> grants = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            Set<String> actions = new LinkedHashSet<>();
            Set<String> prohibited = new LinkedHashSet<>();
            for (int a = 0; a < 2; a++) {
                actions.add(ACTIONS[random.nextInt(ACTIONS.length)]);
            }
            if (random.nextInt(4) == 0) {
                prohibited.add(ACTIONS[random.nextInt(ACTIONS.length)]);
            }
            grants.add(new Grant(pattern(random), actions, prohibited));
        }
        return grants;
    }

    private static String pattern(Random random) {
        StringBuilder pattern = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            pattern.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        return pattern.toString();
    }

    /** The rules as docs/protocol.md states them, decided by looking at every path that matters. */
    static final class Reference {

        private Reference() {
        }

        /**
         * A request that names /_SYSTEM is for administrators alone; otherwise a prohibition that
         * shares a path with it refuses it, and a grant that matches every path it matches allows it.
         */
        static boolean allowed(List<Grant> grants, String action, String request) {
            if (segments(request)[0].equals("_SYSTEM")) {
                return false;
            }
            boolean granted = false;
            for (Grant grant : grants) {
                if (names(grant.prohibited(), action) && sharePath(grant.pattern(), request)) {
                    return false;
                }
                granted |= names(grant.actions(), action) && matchesAll(grant.pattern(), request);
            }
            return granted;
        }

        private static boolean names(Set<String> actions, String action) {
            return actions.contains(action) || actions.contains("*");
        }

        /** Answers by pair of patterns: the same pairs come back for every action and entry point. */
        private static final java.util.Map<String, Boolean> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

        private static boolean sharePath(String first, String second) {
            return KNOWN.computeIfAbsent("share " + first + " " + second,
                    key -> paths(first, second).stream().anyMatch(path -> matches(first, path) && matches(second, path)));
        }

        private static boolean matchesAll(String granted, String requested) {
            return KNOWN.computeIfAbsent("all " + granted + " " + requested,
                    key -> paths(granted, requested).stream().noneMatch(path -> matches(requested, path) && !matches(granted, path)));
        }

        /**
         * Every path of up to as many segments as both patterns have, plus one, over the words they
         * name and one they do not: a path that tells them apart, if any, is among these.
         */
        private static List<String> paths(String first, String second) {
            Set<String> words = new LinkedHashSet<>(List.of("other", "_SYSTEM"));
            for (String segment : (first + second).split("/")) {
                if (!segment.isEmpty() && !segment.equals("*") && !segment.equals("**")) {
                    words.add(segment);
                }
            }
            int longest = segments(first).length + segments(second).length + 1;
            List<String> paths = new ArrayList<>();
            List<String> layer = List.of("");
            for (int length = 1; length <= longest; length++) {
                List<String> next = new ArrayList<>();
                for (String prefix : layer) {
                    for (String word : words) {
                        next.add(prefix + "/" + word);
                    }
                }
                paths.addAll(next);
                layer = next;
            }
            return paths;
        }

        /** {@code *} one segment, {@code **} any number; /_SYSTEM only for a pattern that names it first. */
        static boolean matches(String pattern, String path) {
            String[] p = segments(pattern);
            String[] s = segments(path);
            if (s[0].equals("_SYSTEM") && !p[0].equals("_SYSTEM")) {
                return false;
            }
            return glob(p, 0, s, 0);
        }

        private static boolean glob(String[] p, int i, String[] s, int j) {
            if (i == p.length) {
                return j == s.length;
            }
            if (p[i].equals("**")) {
                for (int k = j; k <= s.length; k++) {
                    if (glob(p, i + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            return j < s.length && (p[i].equals("*") || p[i].equals(s[j])) && glob(p, i + 1, s, j + 1);
        }

        private static String[] segments(String path) {
            return path.substring(1).split("/");
        }
    }
}
