package io.switchboard.console.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /system/console/subscriptions}: data subscriptions by pattern (how many, which sessions,
 * which events) and component event subscriptions by emitter and event (who hears them, with which
 * range and delivery). Its action ends every data subscription on one pattern.
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=subscriptions", "felix.webconsole.title=Subscriptions",
        "felix.webconsole.category=Switchboard"})
public final class SubscriptionsPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> ACTIONS = Map.of("end", "The subscriptions on that pattern were ended.");
    /** How many sessions a row names before it only counts them. */
    private static final int SHOWN = 20;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile SubscriptionService subscriptions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Mesh mesh;

    @Activate
    public SubscriptionsPage(@Reference ConsoleAccess access) {
        super(access);
    }

    @Override
    Map<String, String> actions() {
        return ACTIONS;
    }

    @Override
    void act(String action, HttpServletRequest request) {
        String pattern = field(request, "pattern");
        SubscriptionService current = subscriptions;
        List<Subscription> matching = current == null ? List.of()
                : current.subscriptions().stream().filter(s -> s.pattern().source().equals(pattern)).toList();
        if (matching.isEmpty()) {
            throw new SwitchboardException(ConsoleErrors.UNKNOWN_SUBSCRIPTION, "no data subscription has that pattern now");
        }
        matching.forEach(subscription -> current.off(subscription.id()));
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        SubscriptionService data = subscriptions;
        List<Subscription> all = data == null ? List.of() : data.subscriptions();
        Map<String, List<Subscription>> byPattern = all.stream()
                .collect(Collectors.groupingBy(s -> s.pattern().source(), TreeMap::new, Collectors.toList()));
        out.println("<h3>Data subscriptions</h3><p id=\"sb-data-summary\">" + all.size() + " subscription(s) on " + byPattern.size()
                + " pattern(s).</p>");
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"sb-table\" id=\"sb-data\"><thead><tr><th>Pattern</th><th>Subscriptions</th><th>Sessions</th>")
                .append("<th>Events</th><th></th></tr></thead><tbody>");
        byPattern.forEach((pattern, subscriptions) -> {
            List<String> sessions = subscriptions.stream().map(s -> s.options().session() == null ? "(in the runtime)" : s.options().session())
                    .distinct().sorted().toList();
            html.append("<tr data-pattern=\"").append(Html.attribute(pattern)).append("\"><td>").append(Html.text(pattern)).append("</td><td>")
                    .append(subscriptions.size()).append("</td><td>").append(shown(sessions)).append("</td><td>")
                    .append(Html.list(subscriptions.stream().map(s -> s.options().eventType().name().toLowerCase(java.util.Locale.ROOT))
                            .distinct().sorted().toList()))
                    .append("</td><td>").append(Html.button("End", "end", "pattern", pattern)).append("</td></tr>");
        });
        html.append("</tbody></table>");
        Mesh current = mesh;
        List<MeshSnapshot.EventSubscription> events = current == null ? List.of() : current.snapshot().subscriptions();
        Map<String, List<MeshSnapshot.EventSubscription>> byEvent = events.stream()
                .collect(Collectors.groupingBy(e -> e.component() + " " + e.event(), TreeMap::new, Collectors.toList()));
        html.append("<h3>Component event subscriptions</h3><p id=\"sb-event-summary\">").append(events.size())
                .append(" subscription(s) on ").append(byEvent.size()).append(" component event pattern(s).</p>")
                .append("<table class=\"sb-table\" id=\"sb-events\"><thead><tr><th>Component</th><th>Event</th><th>Subscribers</th>")
                .append("<th>Range, delivery</th></tr></thead><tbody>");
        byEvent.forEach((key, subscriptions) -> {
            MeshSnapshot.EventSubscription first = subscriptions.get(0);
            html.append("<tr><td>").append(Html.text(first.component())).append("</td><td>").append(Html.text(first.event())).append("</td><td>")
                    .append(shown(subscriptions.stream().map(MeshSnapshot.EventSubscription::subscriber).distinct().sorted().toList()))
                    .append("</td><td>").append(Html.list(subscriptions.stream().map(s -> s.range() + " " + s.delivery()).distinct().sorted()
                            .toList())).append("</td></tr>");
        });
        html.append("</tbody></table>");
        out.print(html);
    }

    private static String shown(List<String> names) {
        if (names.size() <= SHOWN) {
            return Html.list(names);
        }
        List<String> first = new ArrayList<>(names.subList(0, SHOWN));
        return Html.list(first) + " <span class=\"sb-small\">and " + (names.size() - SHOWN) + " more</span>";
    }
}
