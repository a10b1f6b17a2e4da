package io.switchboard.system.json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Limits on JSON accepted from outside, and the mapper that enforces them while parsing.
 *
 * <p>Why one place: a limit enforced at one edge only is a hole at the others. A document nested
 * deeper than {@link #maxDepth()} is refused before it is stored or evaluated, so everything
 * stored can be read, serialised and matched without deep recursion. The limits are JVM system
 * properties (set with {@code JAVA_OPTS}), read once at start:
 * {@value #DEPTH_PROPERTY} (default {@value #DEFAULT_MAX_DEPTH}) and
 * {@value #STRING_PROPERTY} (default {@value #DEFAULT_MAX_STRING_CHARS}).
 */
public final class JsonLimits {

    public static final String DEPTH_PROPERTY = "switchboard.json.maxDepth";
    public static final String STRING_PROPERTY = "switchboard.json.maxStringChars";
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_STRING_CHARS = 16 * 1024 * 1024;
    /** Digits in one number: enough for any long or double, far from the cost of parsing a huge BigDecimal. */
    public static final int MAX_NUMBER_CHARS = 100;

    private static final int MAX_DEPTH = bounded(Integer.getInteger(DEPTH_PROPERTY, DEFAULT_MAX_DEPTH), 2, 1000);
    private static final int MAX_STRING_CHARS = bounded(Integer.getInteger(STRING_PROPERTY, DEFAULT_MAX_STRING_CHARS), 1024, Integer.MAX_VALUE);

    private static final ObjectMapper MAPPER = JsonMapper.builder(factory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonLimits() {
    }

    /** The deepest nesting of arrays and objects accepted (the top-level value counts as 1). */
    public static int maxDepth() {
        return MAX_DEPTH;
    }

    public static int maxStringChars() {
        return MAX_STRING_CHARS;
    }

    /**
     * A factory whose parsers refuse input beyond the limits (Jackson's {@code StreamConstraintsException})
     * and whose generators refuse to write deeper than they read (so nothing accepted can be written
     * deeper than a client could send it back).
     */
    public static JsonFactory factory() {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING_CHARS)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH + 8).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /**
     * A shared, thread-safe mapper with the limits, which also refuses anything after the first
     * value ({@code {"a":1} xyz}). Use it to read what comes from outside.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The nesting depth of a tree built in code (not parsed), without recursion: a scalar is 0,
     * {@code {}} and {@code []} are 1. For values that arrive as objects rather than text.
     */
    public static int depth(JsonNode node) {
        if (node == null || !node.isContainerNode()) {
            return 0;
        }
        if (!hasContainerChild(node)) {
            return 1; // most documents: no walk, no stack
        }
        record Level(JsonNode node, int depth) {
        }
        int deepest = 0;
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(node, 1));
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            deepest = Math.max(deepest, level.depth());
            if (deepest > MAX_DEPTH) {
                return deepest; // deep enough to refuse: no need to walk the rest
            }
            for (Iterator<JsonNode> children = level.node().elements(); children.hasNext(); ) {
                JsonNode child = children.next();
                if (child.isContainerNode()) {
                    pending.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return deepest;
    }

    private static boolean hasContainerChild(JsonNode node) {
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            if (children.next().isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a tree built in code is within {@link #maxDepth()}. */
    public static boolean withinDepth(JsonNode node) {
        return depth(node) <= MAX_DEPTH;
    }

    private static int bounded(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
