package io.switchboard.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.WebhookInfo;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /system/console/bus}: the bus as it runs: topics with depth, in flight, rates and
 * consumers; schedules with their next fire; webhook and WebSub subscriptions with their last
 * attempt; each topic's latest dead letters. Its actions re-drive dead letters (back in their group's
 * queue, deliveries reset) or purge them, one or a topic's all. The same as JSON at
 * {@code ?format=json}. The page exists only with the bus (the component waits for its service).
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=bus", "felix.webconsole.title=Bus",
        "felix.webconsole.category=Switchboard"})
public final class BusPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ACTIONS = Map.of(
            "redrive", "The dead letters were put back in their group's queue, their deliveries reset.",
            "purge", "The dead letters were removed.");
    /** Rows shown at most per table (the JSON has every topic, schedule and subscription). */
    static final int SHOWN = 500;
    /** Dead letters read per topic, and at most in all, on the page and in the JSON. */
    static final int DEAD_PER_TOPIC = 20;
    static final int DEAD_SHOWN = 200;
    /** A dead letter's payload is shown up to this many characters. */
    private static final int PAYLOAD_CHARS = 200;

    private final transient Bus bus;

    @Activate
    public BusPage(@Reference ConsoleAccess access, @Reference Bus bus) {
        super(access);
        this.bus = bus;
    }

    @Override
    Map<String, String> actions() {
        return ACTIONS;
    }

    /** Re-drives or purges one dead letter ({@code message}) or every one of the topic (no {@code message}). */
    @Override
    void act(String action, HttpServletRequest request) {
        String topic = field(request, "topic");
        String message = request.getParameter("message");
        List<String> ids = message == null || message.isBlank() ? null : List.of(message.trim());
        int done = action.equals("redrive") ? bus.redrive(topic, ids) : bus.purgeDeadLetters(topic, ids);
        if (done == 0) {
            throw new SwitchboardException(ConsoleErrors.UNKNOWN_DEAD_LETTER, ids == null ? "topic '" + topic + "' has no dead letters"
                    : "topic '" + topic + "' has no dead letter " + ids.get(0) + " (it may have been re-driven or purged meanwhile)");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!"json".equals(request.getParameter("format"))) {
            super.doGet(request, response);
            return;
        }
        if (!administrator(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        List<TopicInfo> topics = bus.topics();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topics", topics);
        json.put("schedules", bus.schedules());
        json.put("webhooks", bus.webhooks());
        json.put("deadLetters", deadLetters(topics).stream().map(BusPage::json).toList());
        JSON.writeValue(response.getOutputStream(), json);
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        List<TopicInfo> topics = bus.topics();
        List<ScheduleInfo> schedules = bus.schedules();
        List<WebhookInfo> webhooks = bus.webhooks();
        List<Dead> dead = deadLetters(topics);
        long deadCount = topics.stream().mapToLong(topic -> Math.max(0, topic.dead())).sum();
        StringBuilder html = new StringBuilder(4096);
        html.append("<p id=\"sb-summary\">").append(topics.size()).append(" topic(s), ").append(schedules.size()).append(" schedule(s), ")
                .append(webhooks.size()).append(" webhook and WebSub subscription(s), ").append(deadCount)
                .append(" dead letter(s). <a href=\"?format=json\" id=\"sb-json\">JSON</a></p>");
        topics(html, topics);
        schedules(html, schedules);
        webhooks(html, webhooks);
        deadLetters(html, dead, deadCount);
        out.print(html);
    }

    private static void topics(StringBuilder html, List<TopicInfo> topics) {
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

    private static void schedules(StringBuilder html, List<ScheduleInfo> schedules) {
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

    private static void webhooks(StringBuilder html, List<WebhookInfo> webhooks) {
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

    private static void deadLetters(StringBuilder html, List<Dead> dead, long total) {
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
            html.append("<p class=\"sb-small\">The latest ").append(DEAD_PER_TOPIC).append(" per topic are shown (").append(DEAD_SHOWN)
                    .append(" at most); re-drive all and purge all take every one of the topic's.</p>");
        }
    }

    /** A topic's dead letter. */
    private record Dead(String topic, DeadLetter letter) {
    }

    /** The latest dead letters of each topic that has some, bounded per topic and in all. */
    private List<Dead> deadLetters(List<TopicInfo> topics) {
        List<Dead> dead = new ArrayList<>();
        for (TopicInfo topic : topics) {
            if (topic.dead() > 0 && dead.size() < DEAD_SHOWN) {
                try {
                    bus.deadLetters(topic.name(), Math.min(DEAD_PER_TOPIC, DEAD_SHOWN - dead.size()))
                            .forEach(letter -> dead.add(new Dead(topic.name(), letter)));
                } catch (SwitchboardException e) {
                    // deleted, or its driver went away, since the list was read: nothing to show for it
                }
            }
        }
        return dead;
    }

    private static Map<String, Object> json(Dead dead) {
        DeadLetter letter = dead.letter();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", dead.topic());
        json.put("id", letter.message().id());
        json.put("group", letter.message().group());
        json.put("reason", letter.reason());
        json.put("deliveries", letter.message().deliveries());
        json.put("deadAt", letter.deadAt());
        json.put("payload", payload(letter));
        return json;
    }

    private static String payload(DeadLetter letter) {
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
