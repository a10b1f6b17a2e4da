package io.switchboard.security.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How long a login lasts: the first policy that matches the user, one of its groups and the
 * connection kind gives the token's lifetime and how long it may go unused. Configured as a JSON
 * array, for example
 * {@code [{"group": "devices", "kind": "websocket", "ttlMinutes": 1440, "inactivityMinutes": 60}]};
 * a policy without {@code user}, {@code group} or {@code kind} matches any.
 */
final class SessionPolicies {

    /** One policy's answer. Zero inactivity means a token may go unused until it expires. */
    record Limits(Duration ttl, Duration inactivity) {
    }

    private record Policy(String user, String group, String kind, Limits limits) {
        boolean matches(String username, Set<String> groups, String connectionKind) {
            return (user == null || user.equals(username)) && (group == null || groups.contains(group))
                    && (kind == null || kind.equals(connectionKind));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Policy> policies = new ArrayList<>();
    private final Limits fallback;

    SessionPolicies(String json, Limits fallback) {
        this.fallback = fallback;
        if (json == null || json.isBlank()) {
            return;
        }
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("session.policies is not JSON: " + e.getMessage());
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("session.policies must be a JSON array of policies");
        }
        for (JsonNode policy : array) {
            Duration ttl = policy.has("ttlMinutes") ? Duration.ofMinutes(policy.get("ttlMinutes").asLong()) : fallback.ttl();
            Duration inactivity = policy.has("inactivityMinutes") ? Duration.ofMinutes(policy.get("inactivityMinutes").asLong())
                    : policy.has("inactivitySeconds") ? Duration.ofSeconds(policy.get("inactivitySeconds").asLong()) : fallback.inactivity();
            if (policy.has("ttlSeconds")) {
                ttl = Duration.ofSeconds(policy.get("ttlSeconds").asLong());
            }
            policies.add(new Policy(text(policy, "user"), text(policy, "group"), text(policy, "kind"), new Limits(ttl, inactivity)));
        }
    }

    Limits limits(String username, Set<String> groups, String kind) {
        return policies.stream().filter(p -> p.matches(username, groups, kind)).map(Policy::limits).findFirst().orElse(fallback);
    }

    private static String text(JsonNode policy, String field) {
        return policy.hasNonNull(field) ? policy.get(field).asText() : null;
    }
}
