package io.switchboard.console.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.switchboard.stats.Stats;
import io.switchboard.stats.StatsSnapshot;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /system/console/stats}: the stats service's snapshot under the runtime's instance name,
 * every metric with its labels and values (docs/metrics.md), filtered by a part of the name; the
 * same snapshot as JSON at {@code /system/console/stats?format=json}. It only reads.
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=stats", "felix.webconsole.title=Stats",
        "felix.webconsole.category=Switchboard"})
public final class StatsPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    /** The filter is matched as text, and no longer than a metric's name can be. */
    private static final int FILTER_LIMIT = 128;
    /** Rows shown at most; the JSON has them all. */
    private static final int SHOWN = 2_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Stats stats;

    @Activate
    public StatsPage(@Reference ConsoleAccess access) {
        super(access);
    }

    @Override
    Map<String, String> actions() {
        return Map.of();
    }

    @Override
    void act(String action, HttpServletRequest request) {
        throw unknownAction(action);
    }

    @Override
    boolean hasJson() {
        return true;
    }

    @Override
    Object json() {
        Stats current = stats;
        if (current == null) {
            return null;
        }
        StatsSnapshot snapshot = current.snapshot();
        return Map.of("instance", snapshot.instance(), "taken", snapshot.taken().toString(), "metrics", snapshot.metrics());
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        Stats current = stats;
        if (current == null) {
            out.println("<p class=\"sb-error\" id=\"sb-summary\">The stats service is not running (enabled = false in "
                    + "etc/io.switchboard.stats.cfg, or its bundle is stopped).</p>");
            return;
        }
        String filter = filter(request.getParameter("name"));
        StatsSnapshot snapshot = current.snapshot();
        List<StatsSnapshot.Metric> shown = snapshot.metrics().stream()
                .filter(metric -> filter.isEmpty() || metric.name().contains(filter)).toList();
        StringBuilder html = new StringBuilder();
        html.append("<p id=\"sb-summary\">Instance ").append(Html.text(snapshot.instance())).append(", ").append(Html.time(snapshot.taken()))
                .append(": ").append(shown.size()).append(" of ").append(snapshot.metrics().size())
                .append(" series. <a href=\"?format=json\" id=\"sb-json\">JSON</a> · Prometheus: <code>GET /metrics</code></p>")
                .append("<form method=\"get\" class=\"sb-form\" id=\"sb-filter\"><label>Name contains <input name=\"name\" value=\"")
                .append(Html.attribute(filter)).append("\" maxlength=\"").append(FILTER_LIMIT)
                .append("\"></label><button type=\"submit\" class=\"ui-button\">Filter</button></form>")
                .append("<table class=\"sb-table\" id=\"sb-metrics\"><thead><tr><th>Metric</th><th>Kind</th><th>Labels</th><th>Values</th>")
                .append("</tr></thead><tbody>");
        shown.stream().limit(SHOWN).forEach(metric -> html.append("<tr data-metric=\"").append(Html.attribute(metric.name())).append("\"><td>")
                .append(Html.text(metric.name())).append("</td><td>").append(Html.text(metric.kind())).append("</td><td>")
                .append(Html.text(metric.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(", "))))
                .append("</td><td>").append(Html.text(metric.values().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(value -> value.getKey() + " " + number(value.getValue())).collect(Collectors.joining(", "))))
                .append("</td></tr>"));
        html.append("</tbody></table>");
        if (shown.size() > SHOWN) {
            html.append("<p class=\"sb-small\">The first ").append(SHOWN).append(" are shown; the JSON has them all.</p>");
        }
        out.print(html);
    }

    private static String filter(String name) {
        String trimmed = name == null ? "" : name.trim();
        return trimmed.length() > FILTER_LIMIT ? trimmed.substring(0, FILTER_LIMIT) : trimmed;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }
}
