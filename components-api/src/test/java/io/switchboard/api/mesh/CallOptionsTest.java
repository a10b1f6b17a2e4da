package io.switchboard.api.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class CallOptionsTest {

    @Test
    void theDefaultsPreferLocalWithTheDeclaredRangeAndTheMeshTimeout() {
        CallOptions defaults = CallOptions.defaults();
        assertEquals(CallOptions.Route.PREFER_LOCAL, defaults.route());
        assertNull(defaults.range());
        assertNull(defaults.timeout());
        assertNull(defaults.stickyKey());
    }

    @Test
    void refiningKeepsWhatWasSetBefore() {
        CallOptions options = CallOptions.defaults().range("^1.2.0").timeout(Duration.ofSeconds(2)).sticky("site-7");
        assertEquals(CallOptions.Route.STICKY, options.route());
        assertEquals("site-7", options.stickyKey());
        assertEquals("^1.2.0", options.range());
        assertEquals(Duration.ofSeconds(2), options.timeout());
        CallOptions spread = options.roundRobin();
        assertEquals(CallOptions.Route.ROUND_ROBIN, spread.route());
        assertNull(spread.stickyKey(), "a key only means something to the sticky route");
        assertEquals("^1.2.0", spread.range());
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> CallOptions.defaults().timeout(Duration.ofMillis(-1)));
    }

    @Test
    void optionsAreValues() {
        assertEquals(CallOptions.defaults().sticky("a"), CallOptions.defaults().sticky("a"));
        assertEquals(CallOptions.defaults().sticky("a").hashCode(), CallOptions.defaults().sticky("a").hashCode());
    }
}
