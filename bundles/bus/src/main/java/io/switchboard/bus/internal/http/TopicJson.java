package io.switchboard.bus.internal.http;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.bus.Discipline;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.TopicSettings;

/** A topic as answered: {@code {"name", "settings", "depth", "dead", "groups", "published", "rates"}}. */
final class TopicJson {

    private TopicJson() {
    }

    static ObjectNode info(TopicInfo topic) {
        ObjectNode json = HttpIo.JSON.createObjectNode();
        json.put("name", topic.name());
        json.set("settings", settings(topic.settings()));
        json.put("depth", topic.depth());
        json.put("dead", topic.dead());
        long inFlight = 0;
        ObjectNode groups = json.putObject("groups");
        for (Map.Entry<String, TopicInfo.GroupInfo> group : topic.groups().entrySet()) {
            TopicInfo.GroupInfo numbers = group.getValue();
            groups.putObject(group.getKey()).put("ready", numbers.ready()).put("inFlight", numbers.inFlight()).put("delayed", numbers.delayed())
                    .put("consumers", numbers.consumers());
            inFlight += numbers.inFlight();
        }
        json.put("inFlight", inFlight);
        json.put("published", topic.published());
        json.putObject("rates").put("publishPerSecond", topic.publishRate()).put("ackPerSecond", topic.ackRate());
        return json;
    }

    static ObjectNode settings(TopicSettings settings) {
        ObjectNode json = HttpIo.JSON.createObjectNode();
        json.put("discipline", settings.discipline() == null ? Discipline.FIFO.settingName() : settings.discipline().settingName());
        json.put("driver", settings.driver());
        json.put("maxLength", settings.maxLength());
        json.put("overflow", settings.overflow().settingName());
        json.put("retentionMillis", settings.retentionMillis());
        json.put("ackTimeoutMillis", settings.ackTimeoutMillis());
        json.put("maxDeliveries", settings.maxDeliveries());
        if (settings.deadLetter() == null) {
            json.putNull("deadLetter");
        } else {
            json.put("deadLetter", settings.deadLetter());
        }
        json.put("dedupWindowMillis", settings.dedupWindowMillis());
        return json;
    }
}
