package io.switchboard.subscription.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.switchboard.data.DataEvent;
import io.switchboard.data.path.PathPattern;
import io.switchboard.subscription.SubscribeOptions;

class SubscriptionIndexTest {

    private final SubscriptionIndex index = new SubscriptionIndex();
    private int ids;

    private Subscriber add(String pattern) {
        return add(pattern, SubscribeOptions.DEFAULTS);
    }

    private Subscriber add(String pattern, SubscribeOptions options) {
        Subscriber s = new Subscriber("s" + ids++, PathPattern.compile(pattern), options, e -> { }, null, index::remove);
        index.add(s);
        return s;
    }

    private Set<String> matching(String path) {
        return index.match(path, DataEvent.Action.SET).stream().map(s -> s.pattern().source()).collect(Collectors.toSet());
    }

    @Test
    void findsEveryShapeOfPattern() {
        for (String p : List.of("/a/b/c", "/a/*/c", "/a/**", "/**", "/*/b/*", "/a/**/c", "/a/b/c/**", "/x/**")) {
            add(p);
        }
        assertEquals(Set.of("/a/b/c", "/a/*/c", "/a/**", "/**", "/*/b/*", "/a/**/c", "/a/b/c/**"), matching("/a/b/c"));
        assertEquals(Set.of("/a/**", "/**"), matching("/a"));
        assertEquals(Set.of("/**"), matching("/z"));
    }

    @Test
    void wildcardsNeverReachTheReservedTree() {
        for (String p : List.of("/**", "/*/security/users/*", "/**/users/*", "/_SYSTEM/**", "/_SYSTEM/*/users/ann", "/x/**")) {
            add(p);
        }
        assertEquals(Set.of("/_SYSTEM/**", "/_SYSTEM/*/users/ann"), matching("/_SYSTEM/security/users/ann"));
        assertEquals(Set.of("/_SYSTEM/**"), matching("/_SYSTEM"));
        assertEquals(Set.of("/**", "/*/security/users/*", "/**/users/*"), matching("/other/security/users/ann"));
    }

    @Test
    void aPatternWithTwoDoubleStarsMatchesOnce() {
        add("/**/x/**");
        assertEquals(1, index.match("/x/x/x", DataEvent.Action.SET).size());
    }

    @Test
    void removingPrunesAndLeavesOthers() {
        Subscriber a = add("/p/q/r");
        add("/p/*");
        assertTrue(index.remove(a));
        assertEquals(Set.of(), matching("/p/q/r"));
        assertEquals(Set.of("/p/*"), matching("/p/q"));
        assertEquals(1, index.size());
    }

    /** The trie must agree with the plain matcher on every path, for many random patterns. */
    @Test
    void agreesWithThePatternMatcherOn100000RandomSubscriptions() {
        Random random = new Random(42);
        String[] words = { "a", "b", "c", "d", "e", "_SYSTEM" };
        List<PathPattern> patterns = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StringBuilder p = new StringBuilder();
            int depth = 1 + random.nextInt(5);
            for (int d = 0; d < depth; d++) {
                int r = random.nextInt(10);
                p.append('/').append(r < 7 ? segment(random, words) : r < 9 ? "*" : "**");
            }
            String source = p.toString().replace("/**/**", "/**");
            patterns.add(PathPattern.compile(source));
            add(source);
        }
        for (int i = 0; i < 300; i++) {
            StringBuilder path = new StringBuilder();
            int depth = 1 + random.nextInt(6);
            for (int d = 0; d < depth; d++) {
                path.append('/').append(segment(random, words));
            }
            String p = path.toString();
            long expected = patterns.stream().filter(pattern -> pattern.matches(p)).count();
            assertEquals(expected, index.match(p, DataEvent.Action.SET).size(), p);
        }
    }

    /** A word with a number, or the reserved tree's name alone, so that some paths and patterns fall in it. */
    private static String segment(Random random, String[] words) {
        String word = words[random.nextInt(words.length)];
        return word.equals("_SYSTEM") ? word : word + random.nextInt(20);
    }
}
