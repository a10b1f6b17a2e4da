package io.switchboard.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

class HealthReportTest {

    private static HealthCheck check(String name, HealthStatus status) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthStatus check() {
                return status;
            }
        };
    }

    @Test
    void readyWhenNothingIsWrongAndEveryCheckPasses() {
        HealthReport report = new HealthReport();
        report.run(check("data.store", HealthStatus.up()));
        assertTrue(report.ready());
        Map<String, Object> json = report.toJson();
        assertEquals("UP", json.get("status"));
        assertEquals(List.of("data.store"), json.get("checks"));
        assertFalse(json.containsKey("notReady"));
    }

    @Test
    void aFailingCheckOrBundleMakesItNotReadyAndSaysWhy() {
        HealthReport report = new HealthReport();
        report.addAll(List.of(new NotReady("bundle", "example 1.0.0", "installed but not resolved")));
        report.run(check("cluster", HealthStatus.down("no quorum")));
        assertFalse(report.ready());
        Map<String, Object> json = report.toJson();
        assertEquals("DOWN", json.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> items = (List<Map<String, String>>) json.get("notReady");
        assertEquals(2, items.size());
        assertEquals("example 1.0.0", items.get(0).get("name"));
        assertEquals("no quorum", items.get(1).get("reason"));
    }

    @Test
    void aDegradedCheckKeepsItReadyAndSaysWhatIsBroken() {
        HealthReport report = new HealthReport();
        report.run(check("data.store", HealthStatus.up()));
        report.run(check("mesh.components", HealthStatus.degraded("broken@1.0.0 failed to start")));
        assertTrue(report.ready(), "a degraded runtime still serves");
        Map<String, Object> json = report.toJson();
        assertEquals("DEGRADED", json.get("status"));
        assertEquals(List.of("data.store"), json.get("checks"));
        @SuppressWarnings("unchecked")
        List<Map<String, String>> items = (List<Map<String, String>>) json.get("degraded");
        assertEquals("mesh.components", items.get(0).get("name"));
        assertEquals("broken@1.0.0 failed to start", items.get(0).get("reason"));
        assertFalse(json.containsKey("notReady"));
    }

    @Test
    void aCheckThatThrowsCountsAsNotReady() {
        HealthReport report = new HealthReport();
        report.run(new HealthCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public HealthStatus check() {
                throw new IllegalStateException("boom");
            }
        });
        assertFalse(report.ready());
    }
}
