package io.switchboard.bus.internal.websub;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.BusErrors;
import io.switchboard.bus.internal.Names;
import io.switchboard.bus.internal.hook.Webhooks;

/**
 * A request to the hub, from its form parameters (WebSub 5.1, and the publisher's ping). Parameters
 * the hub does not know are ignored, as WebSub requires; each known one may appear once.
 *
 * @param mode         subscribe, unsubscribe or publish
 * @param topicUrl     hub.topic (hub.url also names it in a ping), a URL whose path ends in {@code /api/bus/topics/<name>}
 * @param topic        the bus topic it names
 * @param callback     hub.callback, or null for a ping
 * @param leaseSeconds hub.lease_seconds, or null when not asked
 * @param secret       hub.secret, or null
 * @param sync         hub.verify=sync: verification of intent happens before the answer, whose error says why it failed
 */
public record HubRequest(String mode, String topicUrl, String topic, String callback, Long leaseSeconds, String secret, boolean sync) {

    static final String TOPIC_PATH = "/api/bus/topics/";

    public static HubRequest parse(Map<String, String[]> parameters) {
        String mode = one(parameters, "hub.mode");
        if (mode == null || !(mode.equals("subscribe") || mode.equals("unsubscribe") || mode.equals("publish"))) {
            throw invalid("hub.mode is subscribe, unsubscribe or publish" + (mode == null ? "" : ", was '" + BusErrors.shown(mode) + "'"));
        }
        String topicUrl = one(parameters, "hub.topic");
        if (topicUrl == null && mode.equals("publish")) {
            topicUrl = one(parameters, "hub.url");
        }
        if (topicUrl == null) {
            throw invalid("hub.topic is required: the topic's URL, such as http://host/api/bus/topics/orders");
        }
        String topic = topicOf(topicUrl);
        String callback = one(parameters, "hub.callback");
        if (callback == null && !mode.equals("publish")) {
            throw new SwitchboardException(BusErrors.INVALID_CALLBACK, "hub.callback is required");
        }
        Long lease = null;
        String leaseText = one(parameters, "hub.lease_seconds");
        if (leaseText != null) {
            try {
                lease = Long.parseLong(leaseText);
            } catch (NumberFormatException e) {
                lease = -1L;
            }
            if (lease < 1) {
                throw invalid("hub.lease_seconds is a whole number of seconds above 0, was '" + BusErrors.shown(leaseText) + "'");
            }
        }
        String secret = one(parameters, "hub.secret");
        if (secret != null && (secret.isEmpty() || secret.getBytes(StandardCharsets.UTF_8).length > Webhooks.MAX_SECRET_BYTES)) {
            throw invalid("hub.secret is 1 to " + Webhooks.MAX_SECRET_BYTES + " bytes (WebSub: under 200)");
        }
        String verify = one(parameters, "hub.verify");
        if (verify != null && !verify.equals("sync") && !verify.equals("async")) {
            throw invalid("hub.verify is sync or async, was '" + BusErrors.shown(verify) + "'");
        }
        return new HubRequest(mode, topicUrl, topic, callback, lease, secret, "sync".equals(verify));
    }

    /** The bus topic a topic URL names: the last segment after {@code /api/bus/topics/}. */
    static String topicOf(String topicUrl) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(topicUrl);
        } catch (java.net.URISyntaxException e) {
            throw invalid("hub.topic '" + BusErrors.shown(topicUrl) + "' is not a URL");
        }
        String path = uri.getPath();
        int at = path == null ? -1 : path.lastIndexOf(TOPIC_PATH);
        if (uri.getScheme() == null || at < 0 || path.indexOf('/', at + TOPIC_PATH.length()) >= 0) {
            throw invalid("hub.topic '" + BusErrors.shown(topicUrl) + "' is not a topic of this hub: its URL is http(s)://<host>/api/bus/topics/<name>");
        }
        return Names.topic(path.substring(at + TOPIC_PATH.length()));
    }

    private static String one(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw invalid(name + " is given " + values.length + " times; give it once");
        }
        return values[0];
    }

    private static SwitchboardException invalid(String message) {
        return new SwitchboardException(BusErrors.INVALID_HUB_REQUEST, message);
    }
}
