package io.switchboard.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private final Map<String, String> properties = new HashMap<>(Map.of(ClusterSettings.NODE_NAME, "node-a", ClusterSettings.HOST, "127.0.0.1",
            ClusterSettings.PORT, "5701", ClusterSettings.MEMBERS, "127.0.0.1:5701, 127.0.0.1:5711,127.0.0.1:5711"));

    private ClusterSettings read() {
        return ClusterSettings.read(properties::get, 1, 5, 16, 10_000, ClusterSettings.LINK, 10_000);
    }

    @Test
    void theOtherMembersAreThoseListedButThisNodeOnce() {
        ClusterSettings settings = read();
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5711)), settings.members());
        assertEquals(new InetSocketAddress("127.0.0.1", 5702), settings.linkAddress(), "links on the next port");
        assertEquals(List.of(), settings.broker());
        properties.put(ClusterSettings.BROKER, "deviceManager, customerNotifier");
        assertEquals(List.of("deviceManager", "customerNotifier"), read().broker());
    }

    @Test
    void wrongSettingsSayWhatIsWrong() {
        assertWrong(ClusterSettings.NODE_NAME, "local", "not valid");
        assertWrong(ClusterSettings.NODE_NAME, "a/b", "not valid");
        assertWrong(ClusterSettings.MEMBERS, "127.0.0.1", "is not host:port");
        assertWrong(ClusterSettings.MEMBERS, " , ", "empty");
        assertWrong(ClusterSettings.PORT, "65535", "port number");
        assertWrong(ClusterSettings.BROKER, "*,x", "either '*'");
        assertWrong(ClusterSettings.HOST, "", "is not set");
        IllegalArgumentException tuning = assertThrows(IllegalArgumentException.class,
                () -> ClusterSettings.read(properties::get, 2, 3, 16, 10, ClusterSettings.LINK, 10_000));
        assertTrue(tuning.getMessage().contains("hungNodeTimeoutSeconds"));
        assertThrows(IllegalArgumentException.class, () -> ClusterSettings.read(properties::get, 1, 5, 16, 10, "carrier-pigeon", 10_000));
        IllegalArgumentException drain = assertThrows(IllegalArgumentException.class,
                () -> ClusterSettings.read(properties::get, 1, 5, 16, 10, ClusterSettings.LINK, -1));
        assertTrue(drain.getMessage().contains("drainTimeoutMillis"));
    }

    private void assertWrong(String property, String value, String expected) {
        String before = properties.put(property, value);
        try {
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, this::read, property + " = " + value);
            assertTrue(wrong.getMessage().contains(expected), wrong.getMessage());
        } finally {
            if (before == null) {
                properties.remove(property);
            } else {
                properties.put(property, before);
            }
        }
    }
}
