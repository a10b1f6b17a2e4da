package io.switchboard.system.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/**
 * Gathers everything that is not ready into one answer, shaped as the JSON body of {@code /health}.
 */
final class HealthReport {

    private final List<NotReady> notReady = new ArrayList<>();
    private final List<String> passedChecks = new ArrayList<>();
    private final List<NotReady> degraded = new ArrayList<>();

    void addAll(List<NotReady> problems) {
        notReady.addAll(problems);
    }

    /** Runs a contributed check; a check that throws counts as not ready rather than breaking /health. */
    void run(HealthCheck check) {
        String name;
        try {
            name = check.name();
        } catch (RuntimeException e) {
            name = check.getClass().getName();
        }
        try {
            HealthStatus status = check.check();
            if (status != null && status.ready() && status.degraded()) {
                degraded.add(new NotReady("check", name, status.detail()));
            } else if (status != null && status.ready()) {
                passedChecks.add(name);
            } else {
                notReady.add(new NotReady("check", name, status == null ? "no answer" : status.detail()));
            }
        } catch (RuntimeException e) {
            notReady.add(new NotReady("check", name, "the check failed: " + e));
        }
    }

    boolean ready() {
        return notReady.isEmpty();
    }

    Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !ready() ? "DOWN" : degraded.isEmpty() ? "UP" : "DEGRADED");
        body.put("checks", passedChecks);
        if (!degraded.isEmpty()) {
            body.put("degraded", items(degraded));
        }
        if (!ready()) {
            body.put("notReady", items(notReady));
        }
        return body;
    }

    private static List<Map<String, String>> items(List<NotReady> list) {
        List<Map<String, String>> items = new ArrayList<>();
        for (NotReady item : list) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("kind", item.kind());
            entry.put("name", item.name());
            entry.put("reason", item.reason());
            items.add(entry);
        }
        return items;
    }
}
