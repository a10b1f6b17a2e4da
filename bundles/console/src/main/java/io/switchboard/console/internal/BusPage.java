package io.switchboard.console.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.bus.Bus;
import io.switchboard.bus.DeadLetter;
import io.switchboard.bus.ScheduleInfo;
import io.switchboard.bus.TopicInfo;
import io.switchboard.bus.WebhookInfo;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

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
    private static final Map<String, String> ACTIONS = Map.of(
            "redrive", "The dead letters were put back in their group's queue, their deliveries reset.",
            "purge", "The dead letters were removed.");
    /** Dead letters read per topic, and at most in all, on the page and in the JSON. */
    static final int DEAD_PER_TOPIC = 20;
    static final int DEAD_SHOWN = 200;

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
    boolean hasJson() {
        return true;
    }

    @Override
    Object json() {
        List<TopicInfo> topics = bus.topics();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topics", topics);
        json.put("schedules", bus.schedules());
        json.put("webhooks", bus.webhooks());
        json.put("deadLetters", deadLetters(topics).stream().map(BusPage::json).toList());
        return json;
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        List<TopicInfo> topics = bus.topics();
        List<ScheduleInfo> schedules = bus.schedules();
        List<WebhookInfo> webhooks = bus.webhooks();
        List<BusTables.Dead> dead = deadLetters(topics);
        long deadCount = topics.stream().mapToLong(topic -> Math.max(0, topic.dead())).sum();
        StringBuilder html = new StringBuilder(4096);
        html.append("<p id=\"sb-summary\">").append(topics.size()).append(" topic(s), ").append(schedules.size()).append(" schedule(s), ")
                .append(webhooks.size()).append(" webhook and WebSub subscription(s), ").append(deadCount)
                .append(" dead letter(s). <a href=\"?format=json\" id=\"sb-json\">JSON</a></p>");
        BusTables.topics(html, topics);
        BusTables.schedules(html, schedules);
        BusTables.webhooks(html, webhooks);
        BusTables.deadLetters(html, dead, deadCount);
        out.print(html);
    }

    /** The latest dead letters of each topic that has some, bounded per topic and in all. */
    private List<BusTables.Dead> deadLetters(List<TopicInfo> topics) {
        List<BusTables.Dead> dead = new ArrayList<>();
        for (TopicInfo topic : topics) {
            if (topic.dead() > 0 && dead.size() < DEAD_SHOWN) {
                try {
                    bus.deadLetters(topic.name(), Math.min(DEAD_PER_TOPIC, DEAD_SHOWN - dead.size()))
                            .forEach(letter -> dead.add(new BusTables.Dead(topic.name(), letter)));
                } catch (SwitchboardException e) {
                    // deleted, or its driver went away, since the list was read: nothing to show for it
                }
            }
        }
        return dead;
    }

    private static Map<String, Object> json(BusTables.Dead dead) {
        DeadLetter letter = dead.letter();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", dead.topic());
        json.put("id", letter.message().id());
        json.put("group", letter.message().group());
        json.put("reason", letter.reason());
        json.put("deliveries", letter.message().deliveries());
        json.put("deadAt", letter.deadAt());
        json.put("payload", BusTables.payload(letter));
        return json;
    }
}
