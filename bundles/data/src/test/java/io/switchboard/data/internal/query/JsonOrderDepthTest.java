package io.switchboard.data.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sorting and equality recurse over a value. Everything stored is at most JsonLimits.maxDepth()
 * deep, which can be configured up to 1000: at that depth they must still answer on a thread with
 * the runtime's 512 KiB stack (bin/switchboard runs with -Xss512k).
 */
class JsonOrderDepthTest {

    private static final int MOST_CONFIGURABLE_DEPTH = 1000;

    private static ObjectNode nested(int depth, int leaf) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int i = 1; i < depth; i++) {
            ArrayNode array = current.putArray("a");
            current = array.addObject();
            i++;
        }
        current.put("leaf", leaf);
        return root;
    }

    @Test
    void compareAndEqualAnswerAtTheDeepestConfigurableDepthOnTheRuntimesStack() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] compared = new int[2];
        boolean[] equal = new boolean[2];
        Thread thread = new Thread(null, () -> {
            try {
                compared[0] = JsonOrder.INSTANCE.compare(nested(MOST_CONFIGURABLE_DEPTH, 1), nested(MOST_CONFIGURABLE_DEPTH, 2));
                compared[1] = JsonOrder.INSTANCE.compare(nested(MOST_CONFIGURABLE_DEPTH, 2), nested(MOST_CONFIGURABLE_DEPTH, 2));
                equal[0] = JsonOrder.equal(nested(MOST_CONFIGURABLE_DEPTH, 2), nested(MOST_CONFIGURABLE_DEPTH, 2));
                equal[1] = JsonOrder.equal(nested(MOST_CONFIGURABLE_DEPTH, 1), nested(MOST_CONFIGURABLE_DEPTH, 2));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        thread.join();
        assertEquals(null, failure.get());
        assertTrue(compared[0] < 0);
        assertEquals(0, compared[1]);
        assertTrue(equal[0]);
        assertFalse(equal[1]);
    }
}
