package io.switchboard.console.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.WebhookInfo;

/** The Bus page's tables, each bounded; every name, callback, error and payload as text ({@link Html}). */
final class BusTables {

    /** Rows shown at most per table (the JSON has every topic, schedule and subscription). */
    static final int SHOWN = 500;
    /** A dead letter's payload is shown up to this many characters. */
    private static final int PAYLOAD_CHARS = 200;

    /** A topic's dead letter. */
    record Dead(String topic, DeadLetter letter) {
    }

    private BusTables() {
    }

    static void topics(StringBuilder html, List<TopicInfo> topics) {
        html.append("<h3>Topics</h3><table class=\"sb-table\" id=\"sb-topics\"><thead><tr><th>Topic</th><th>Driver</th><th>Discipline</th>")
                .append("<th>Depth</th><th>In flight</th><th>Dead</th><th>Published / s</th><th>Acked / s</th><th>Consumers</th>")
                .append("<th>Groups (ready / in flight / delayed / consumers)</th></tr></thead><tbody>");
        for (TopicInfo topic : topics.subList(0, Math.min(SHOWN, topics.size()))) {
            Map<String, TopicInfo.GroupInfo> groups = topic.groups();
            html.append("<tr data-topic=\"").append(Html.attribute(topic.name())).append("\"><td>").append(Html.text(topic.name())).append("</td><td>")
                    .append(Html.text(topic.settings().driver())).append("</td><td>")
                    .append(Html.text(topic.settings().discipline().name().toLowerCase(Locale.ROOT))).append("</td><td>")
                    .append(count(topic.depth())).append("</td><td>")
                    .append(groups.values().stream().mapToLong(TopicInfo.GroupInfo::inFlight).sum()).append("</td><td>")
                    .append(count(topic.dead())).append("</td><td>").append(rate(topic.publishRate())).append("</td><td>")
                    .append(rate(topic.ackRate())).append("</td><td>")
                    .append(groups.values().stream().mapToInt(TopicInfo.GroupInfo::consumers).sum()).append("</td><td>")
                    .append(groups.isEmpty() ? "<span class=\"sb-small\">none</span>" : groups.entrySet().stream()
                            .map(group -> Html.text(group.getKey()) + ": " + group.getValue().ready() + " / " + group.getValue().inFlight() + " / "
                                    + group.getValue().delayed() + " / " + group.getValue().consumers())
                            .collect(Collectors.joining("<br>")))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        more(html, topics.size());
    }

    static void schedules(StringBuilder html, List<ScheduleInfo> schedules) {
        html.append("<h3>Schedules</h3><table class=\"sb-table\" id=\"sb-schedules\"><thead><tr><th>Schedule</th><th>When</th><th>Topic</th>")
                .append("<th>State</th><th>Next fire</th><th>Last fired</th><th>Fired</th><th>Last error</th></tr></thead><tbody>");
        for (ScheduleInfo schedule : schedules.subList(0, Math.min(SHOWN, schedules.size()))) {
            html.append("<tr data-schedule=\"").append(Html.attribute(schedule.name())).append("\"><td>").append(Html.text(schedule.name()))
                    .append("</td><td>").append(schedule.cron() == null ? "once" : Html.text(schedule.cron() + " (" + schedule.zone() + ")"))
                    .append("</td><td>").append(Html.text(schedule.topic())).append("</td><td>").append(schedule.paused() ? "paused" : "active")
                    .append("</td><td>").append(time(schedule.nextFireAt())).append("</td><td>").append(time(schedule.lastFiredAt()))
                    .append("</td><td>").append(schedule.fired()).append("</td><td>").append(Html.text(schedule.lastError())).append("</td></tr>");
        }
        html.append("</tbody></table>");
        more(html, schedules.size());
    }

    static void webhooks(StringBuilder html, List<WebhookInfo> webhooks) {
        html.append("<h3>Webhook and WebSub subscriptions</h3><table class=\"sb-table\" id=\"sb-webhooks\"><thead><tr><th>Id</th><th>Kind</th>")
                .append("<th>Topic</th><th>Group</th><th>Callback</th><th>State</th><th>In flight</th><th>Delivered / failed / dead</th>")
                .append("<th>Last status</th><th>Last attempt</th><th>Last delivered</th><th>Last error</th></tr></thead><tbody>");
        for (WebhookInfo hook : webhooks.subList(0, Math.min(SHOWN, webhooks.size()))) {
            html.append("<tr data-webhook=\"").append(Html.attribute(hook.id())).append("\"><td>").append(Html.text(hook.id())).append("</td><td>")
                    .append(Html.text(hook.kind())).append(hook.expiresAt() > 0 ? "<br><span class=\"sb-small\">lease until " + time(hook.expiresAt())
                            + "</span>" : "")
                    .append("</td><td>").append(Html.text(hook.topic())).append("</td><td>").append(Html.text(hook.group())).append("</td><td>")
                    .append(Html.text(hook.callback())).append("</td><td class=\"sb-hook-").append(Html.attribute(hook.state())).append("\">")
                    .append(Html.text(hook.state())).append("</td><td>").append(hook.inFlight()).append("</td><td>").append(hook.delivered())
                    .append(" / ").append(hook.failed()).append(" / ").append(hook.deadLettered()).append("</td><td>")
                    .append(hook.lastAttemptAt() == 0 ? "" : hook.lastStatus() == 0 ? "no answer" : Integer.toString(hook.lastStatus()))
                    .append("</td><td>").append(time(hook.lastAttemptAt())).append("</td><td>").append(time(hook.lastDeliveredAt()))
                    .append("</td><td>").append(Html.text(hook.lastError())).append("</td></tr>");
        }
        html.append("</tbody></table>");
        more(html, webhooks.size());
    }

    static void deadLetters(StringBuilder html, List<Dead> dead, long total) {
        html.append("<h3>Dead letters</h3>");
        String topic = null;
        for (Dead letter : dead) {
            if (!letter.topic().equals(topic)) {
                if (topic != null) {
                    html.append("</tbody></table>");
                }
                topic = letter.topic();
                html.append("<div class=\"sb-form\" data-dead-topic=\"").append(Html.attribute(topic)).append("\">Topic <b>").append(Html.text(topic))
                        .append("</b> ").append(Html.button("Re-drive all", "redrive", "topic", topic)).append(' ')
                        .append(Html.button("Purge all", "purge", "topic", topic)).append("</div>")
                        .append("<table class=\"sb-table sb-dead\"><thead><tr><th>Message</th><th>Group</th><th>Reason</th><th>Deliveries</th>")
                        .append("<th>Dead since</th><th>Payload</th><th></th></tr></thead><tbody>");
            }
            DeadLetter d = letter.letter();
            html.append("<tr data-dead=\"").append(Html.attribute(d.message().id())).append("\"><td>").append(Html.text(d.message().id()))
                    .append("</td><td>").append(Html.text(d.message().group())).append("</td><td>").append(Html.text(d.reason())).append("</td><td>")
                    .append(d.message().deliveries()).append("</td><td>").append(time(d.deadAt())).append("</td><td><pre class=\"sb-pre\">")
                    .append(Html.text(payload(d))).append("</pre></td><td>")
                    .append(Html.button("Re-drive", "redrive", "topic", topic, "message", d.message().id())).append(' ')
                    .append(Html.button("Purge", "purge", "topic", topic, "message", d.message().id())).append("</td></tr>");
        }
        if (topic == null) {
            html.append("<p class=\"sb-small\" id=\"sb-no-dead\">No dead letters.</p>");
        } else {
            html.append("</tbody></table>");
        }
        if (total > dead.size()) {
            html.append("<p class=\"sb-small\">The latest ").append(BusPage.DEAD_PER_TOPIC).append(" per topic are shown (").append(BusPage.DEAD_SHOWN)
                    .append(" at most); re-drive all and purge all take every one of the topic's.</p>");
        }
    }

    static String payload(DeadLetter letter) {
        String text = new String(letter.message().payload(), StandardCharsets.UTF_8);
        return text.length() > PAYLOAD_CHARS ? text.substring(0, PAYLOAD_CHARS) + "…" : text;
    }

    private static void more(StringBuilder html, int size) {
        if (size > SHOWN) {
            html.append("<p class=\"sb-small\">The first ").append(SHOWN).append(" of ").append(size).append(" are shown; the JSON has them all.</p>");
        }
    }

    /** A driver that is not running has no numbers (-1). */
    private static String count(long value) {
        return value < 0 ? "<span class=\"sb-small\">driver not running</span>" : Long.toString(value);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f", perSecond);
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? "" : Html.time(Instant.ofEpochMilli(epochMillis));
    }
}
