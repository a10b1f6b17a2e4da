package io.switchboard.bus.internal.hook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.bus.WebhookInfo;

/** A subscription as operators see it: its pump's numbers (as {@link Pump#describe} gives them to clients), no secret. */
final class HookInfo {

    private HookInfo() {
    }

    static WebhookInfo of(Subscription subscription, JsonNode described, Pump pump) {
        long lastAttemptAt = described.path("lastAttemptAt").asLong(0);
        long lastDeliveredAt = pump == null ? 0 : pump.lastDeliveredAt();
        String state = lastAttemptAt == 0 ? "new" : lastDeliveredAt == lastAttemptAt ? "ok" : "failing";
        return new WebhookInfo(subscription.id(), subscription.kind().name().toLowerCase(Locale.ROOT), subscription.topic(), subscription.group(),
                shown(subscription.callback()), state, subscription.expiresAt(), described.path("inFlight").asInt(0),
                described.path("delivered").asLong(0), described.path("failed").asLong(0), described.path("deadLettered").asLong(0),
                described.path("lastStatus").asInt(0), described.hasNonNull("lastError") ? described.get("lastError").asText() : null, lastAttemptAt,
                lastDeliveredAt);
    }

    /** The callback without its query, fragment and user info: a subscriber may have put a token there. */
    static String shown(String callback) {
        try {
            URI uri = new URI(callback);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "(not shown: not a URL)";
        }
    }
}
