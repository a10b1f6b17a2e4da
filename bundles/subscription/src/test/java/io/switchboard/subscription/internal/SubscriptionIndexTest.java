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
        String[] words = { "a", "b", "c", "d", "e" };
        List<PathPattern> patterns = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StringBuilder p = new StringBuilder();
            int depth = 1 + random.nextInt(5);
            for (int d = 0; d < depth; d++) {
                int r = random.nextInt(10);
                p.append('/').append(r < 7 ? words[random.nextInt(words.length)] + random.nextInt(20) : r < 9 ? "*" : "**");
            }
            String source = p.toString().replace("/**/**", "/**");
            patterns.add(PathPattern.compile(source));
            add(source);
        }
        for (int i = 0; i < 300; i++) {
            StringBuilder path = new StringBuilder();
            int depth = 1 + random.nextInt(6);
            for (int d = 0; d < depth; d++) {
                path.append('/').append(words[random.nextInt(words.length)]).append(random.nextInt(20));
            }
            String p = path.toString();
            long expected = patterns.stream().filter(pattern -> pattern.matches(p)).count();
            assertEquals(expected, index.match(p, DataEvent.Action.SET).size(), p);
        }
    }
}
