package io.switchboard.bus.internal.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.bus.internal.route.MessageFilter;

/**
 * A callback subscription on a topic, as stored: a webhook ({@code POST .../subscriptions}) or a
 * WebSub subscription ({@code POST /api/bus/hub}). Deliveries come from the consumer group
 * {@code group}, leased by this subscription as consumer {@code hook:<id>}.
 *
 * @param id        the subscription's id
 * @param kind      webhook or websub: which headers a delivery carries
 * @param topic     the bus topic
 * @param group     the consumer group it takes messages from
 * @param callback  the absolute http(s) URL deliveries are POSTed to
 * @param secret    the HMAC key of the signatures, or null (WebSub without hub.secret)
 * @param filter    only matching messages are sent (the others are acked unsent), or null
 * @param createdAt epoch milliseconds; a WebSub subscriber gets only what was published from then on
 * @param expiresAt epoch milliseconds when a WebSub lease ends; 0 for a webhook, which does not expire
 * @param topicUrl  WebSub's hub.topic as the subscriber gave it (the rel=self link); null for a webhook
 * @param hubUrl    the hub's URL (the rel=hub link); null for a webhook
 */
public record Subscription(String id, Kind kind, String topic, String group, String callback, String secret, MessageFilter filter,
        long createdAt, long expiresAt, String topicUrl, String hubUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        WEBHOOK, WEBSUB
    }

    /** The consumer name its leases are made in. */
    public String consumer() {
        return "hook:" + id;
    }

    /** As stored, secret included. */
    ObjectNode stored() {
        ObjectNode json = shown();
        if (secret != null) {
            json.put("secret", secret);
        }
        return json;
    }

    /** As shown to clients: never the secret, only whether there is one. */
    public ObjectNode shown() {
        ObjectNode json = JSON.createObjectNode().put("id", id).put("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).put("topic", topic)
                .put("group", group).put("callback", callback).put("signed", secret != null).put("createdAt", createdAt);
        if (filter != null) {
            json.set("filter", filter.json());
        }
        if (expiresAt > 0) {
            json.put("expiresAt", expiresAt);
        }
        if (topicUrl != null) {
            json.put("topicUrl", topicUrl).put("hubUrl", hubUrl);
        }
        return json;
    }

    static Subscription read(JsonNode json) {
        JsonNode filter = json.get("filter");
        return new Subscription(json.path("id").asText(), Kind.valueOf(json.path("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                json.path("topic").asText(), json.path("group").asText(), json.path("callback").asText(),
                json.hasNonNull("secret") ? json.get("secret").asText() : null, filter == null ? null : MessageFilter.parse(filter),
                json.path("createdAt").asLong(), json.path("expiresAt").asLong(0), json.hasNonNull("topicUrl") ? json.get("topicUrl").asText() : null,
                json.hasNonNull("hubUrl") ? json.get("hubUrl").asText() : null);
    }
}
