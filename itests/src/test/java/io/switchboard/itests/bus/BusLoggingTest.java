package io.switchboard.itests.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.RunningRuntime;

/** The bus's event log switched on and off while the runtime runs, by an etc/ file, per topic and group; secrets never logged. */
class BusLoggingTest {

    @RegisterExtension
    static final RunningRuntime RUNTIME = RunningRuntime.withFeatures("core,edge,security,bus");

    private static BusApi admin() {
        return BusApi.login(RUNTIME.port(), "admin", "itest-secret");
    }

    private static List<String> lines(String topic) {
        return RUNTIME.process().log().lines().filter(line -> line.contains("bus event=") && line.contains("topic=\"" + topic + "\"")).toList();
    }

    /** Writes the rule the way an operator should: elsewhere, then moved in (FileInstall reads whole files). */
    private static Path rule(String name, String content) throws Exception {
        Path etc = RUNTIME.process().home().resolve("etc");
        Path scratch = Files.writeString(RUNTIME.scratch("rule").resolve(name + ".tmp"), content);
        return Files.move(scratch, etc.resolve("io.switchboard.bus.logging-" + name + ".cfg"));
    }

    @Test
    void aRuleInEtcSwitchesTheLogOnForItsTopicAndGroupAndRemovingItSwitchesItOff() throws Exception {
        BusApi admin = admin();
        String topic = "logged-" + Long.toHexString(System.nanoTime());
        String quiet = topic + "-quiet";
        admin.topic(topic, "{\"driver\": \"memory\"}");
        admin.topic(quiet, "{\"driver\": \"memory\"}");
        admin.publish(topic, "{\"before\": true}", Map.of());
        assertEquals(List.of(), lines(topic), "nothing is logged without a rule");

        Path file = rule(topic, "topic = " + topic + "\ngroup = *\nevents = all\nlevel = info\nlogPayload = true\n");
        String id = Await.until("the rule applies", Duration.ofSeconds(30), () -> {
            String published = admin.publish(topic, "{\"order\": 7, \"password\": \"hunter2\"}", Map.of());
            return lines(topic).stream().anyMatch(line -> line.contains(published)) ? published : null;
        });
        admin.publish(quiet, "{}", Map.of());
        int acked = 0;
        for (JsonNode leased = admin.lease(topic, "group=billing&max=100"); leased.size() > 0; leased = admin.lease(topic, "group=billing&max=100")) {
            for (JsonNode message : leased) {
                assertEquals(200, admin.ack(message.path("id").asText(), "billing").status());
                acked++;
            }
        }
        assertTrue(acked >= 2, "the message before the rule and the one it logged");
        Await.until("deliver and ack lines", Duration.ofSeconds(10), () -> lines(topic).stream().anyMatch(line -> line.contains("event=ack")
                && line.contains("group=\"billing\"") && line.contains(id)));
        String publishLine = lines(topic).stream().filter(line -> line.contains("event=publish") && line.contains(id)).findFirst().orElseThrow();
        assertTrue(publishLine.contains("producer=\"admin\"") && publishLine.contains("order"), publishLine);
        assertFalse(RUNTIME.process().log().contains("hunter2"), "a field named like a secret is never logged");
        assertTrue(lines(topic).stream().anyMatch(line -> line.contains("event=deliver") && line.contains("group=\"billing\"")));
        assertEquals(List.of(), lines(quiet), "other topics are not logged");

        Files.delete(file);
        String marker = Await.until("the rule is gone", Duration.ofSeconds(30), () -> {
            String published = admin.publish(topic, "{\"after\": true}", Map.of());
            String probe = admin.publish(topic, "{\"after\": 2}", Map.of());
            return lines(topic).stream().noneMatch(line -> line.contains(published) || line.contains(probe)) ? probe : null;
        });
        assertFalse(lines(topic).stream().anyMatch(line -> line.contains(marker)));
    }
}
