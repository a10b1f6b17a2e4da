package io.switchboard.bus.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Rules by topic, producer and group, with levels; payloads only when asked, secrets never. */
class BusEventLogTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final BusEventLog log = new BusEventLog((level, line) -> {
        levels.add(level);
        lines.add(line);
    });

    private static BusEventLog.Event publish(String topic, String producer, String payload) {
        return new BusEventLog.Event("publish", topic, topic + "~1", producer, null, null, 0, 4, null, payload.getBytes(StandardCharsets.UTF_8),
                Map.of("Bus-Producer", producer, "X-Api-Key", "k-123"));
    }

    private static BusEventLog.Event ack(String topic, String group) {
        return new BusEventLog.Event("ack", topic, topic + "~1", null, group, "worker", 0, -1, null, null, null);
    }

    @Test
    void nothingIsLoggedWithoutARuleAndARuleTakesEffectAtOnceAndLeavesTheSameWay() {
        assertFalse(log.on());
        log.log(publish("orders", "alice", "{}"));
        assertEquals(0, lines.size());
        LogRule rule = new LogRule("orders", "*", "*", Set.of("all"), "info", false, 1024);
        log.addRule(rule);
        log.log(publish("orders", "alice", "{}"));
        log.log(publish("invoices", "alice", "{}"));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("bus event=publish topic=\"orders\" id=\"orders~1\" producer=\"alice\""), lines.get(0));
        log.removeRule(rule);
        log.log(publish("orders", "alice", "{}"));
        assertEquals(1, lines.size());
    }

    @Test
    void rulesSelectByProducerGroupAndEventAndTheMostSevereLevelWins() {
        log.addRule(new LogRule("*", "service:*", "*", Set.of("publish"), "debug", false, 1024));
        log.addRule(new LogRule("orders*", "*", "billing", Set.of("ack,nack"), "warn", false, 1024));
        log.log(publish("orders", "alice", "{}"));
        log.log(publish("orders", "service:42", "{}"));
        log.log(ack("orders-eu", "billing"));
        log.log(ack("orders-eu", "shipping"));
        log.log(ack("stock", "billing"));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(List.of(Level.DEBUG, Level.WARN), levels);
        assertTrue(lines.get(1).contains("event=ack") && lines.get(1).contains("group=\"billing\"") && lines.get(1).contains("consumer=\"worker\""));
    }

    @Test
    void payloadsAreLoggedOnlyWhenAskedAndSecretsNever() {
        String payload = "{\"user\": \"bob\", \"password\": \"hunter2\", \"card\": {\"apiKey\": \"k-999\", \"last4\": \"1234\"}}";
        log.addRule(new LogRule("*", "*", "*", Set.of("all"), "info", false, 1024));
        log.log(publish("orders", "alice", payload));
        assertFalse(lines.get(0).contains("payload="), "off by default");
        assertFalse(lines.get(0).contains("k-123"), "a header named like a secret is masked: " + lines.get(0));
        log.addRule(new LogRule("orders", "*", "*", Set.of("all"), "info", true, 1024));
        log.log(publish("orders", "alice", payload));
        String line = lines.get(1);
        assertTrue(line.contains("payload=") && line.contains("bob") && line.contains("1234"), line);
        assertFalse(line.contains("hunter2") || line.contains("k-999") || line.contains("k-123"), line);
    }

    @Test
    void aClientsFieldCannotForgeALine() {
        log.addRule(new LogRule("*", "*", "*", Set.of("all"), "info", true, 1024));
        log.log(publish("orders", "alice\nbus event=ack forged", "{\"note\": \"a\\nb\"}"));
        assertEquals(1, lines.size());
        assertFalse(lines.get(0).contains("\n"), lines.get(0));
    }
}
