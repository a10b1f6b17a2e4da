package io.switchboard.console.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshSnapshot;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /system/console/mesh}: every component of this node with its version, nodes and state
 * (waiting for what, failed and why), methods with calls and failures, events, dependencies with
 * the versions they reach, work in flight and drains under way. Its action stops a running
 * component's bundle (the mesh drains it first) or starts a failed one's again.
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=mesh", "felix.webconsole.title=Mesh",
        "felix.webconsole.category=Switchboard"})
public final class MeshPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> ACTIONS = Map.of(
            "stop", "The component's bundle was stopped: the component drained its work and left routing.",
            "retry", "The component's bundle was started again.");

    private final transient Mesh mesh;
    private final transient BundleContext context;

    @Activate
    public MeshPage(@Reference ConsoleAccess access, @Reference Mesh mesh, BundleContext context) {
        super(access);
        this.mesh = mesh;
        this.context = context;
    }

    @Override
    Map<String, String> actions() {
        return ACTIONS;
    }

    @Override
    void act(String action, HttpServletRequest request) {
        String name = field(request, "component");
        String version = field(request, "version");
        Bundle bundle = ComponentBundles.of(context, name, version).orElseThrow(() -> new SwitchboardException(ConsoleErrors.UNKNOWN_COMPONENT,
                "no bundle here declares " + name + "@" + version));
        try {
            if (action.equals("stop")) {
                bundle.stop();
            } else {
                bundle.stop();
                bundle.start();
            }
        } catch (BundleException | IllegalStateException e) {
            throw new SwitchboardException(ConsoleErrors.BUNDLE_FAILED, "the bundle of " + name + "@" + version + " could not be "
                    + (action.equals("stop") ? "stopped" : "started") + ": " + e.getMessage());
        }
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        MeshSnapshot snapshot = mesh.snapshot();
        Map<String, Long> states = snapshot.components().stream()
                .collect(Collectors.groupingBy(c -> c.description().state(), java.util.TreeMap::new, Collectors.counting()));
        int inFlight = snapshot.components().stream().mapToInt(MeshSnapshot.Component::inFlight).sum();
        out.println("<p id=\"sb-summary\">" + snapshot.components().size() + " component version(s): "
                + states.entrySet().stream().map(e -> e.getValue() + " " + Html.text(e.getKey())).collect(Collectors.joining(", "))
                + "; " + inFlight + " call(s) and event(s) in flight.</p>");
        StringBuilder html = new StringBuilder(256 * (snapshot.components().size() + 1));
        html.append("<table class=\"sb-table\" id=\"sb-components\"><thead><tr><th>Component</th><th>Version</th><th>Nodes</th>")
                .append("<th>State</th><th>Methods (calls / failures)</th><th>Events</th><th>Dependencies (range: versions reached)</th>")
                .append("<th>In flight</th><th></th></tr></thead><tbody>");
        for (MeshSnapshot.Component component : snapshot.components()) {
            row(html, component);
        }
        html.append("</tbody></table>");
        out.print(html);
    }

    private static void row(StringBuilder html, MeshSnapshot.Component component) {
        ComponentDescription d = component.description();
        html.append("<tr data-component=\"").append(Html.attribute(d.name() + "@" + d.version())).append("\"><td>").append(Html.text(d.name()))
                .append("</td><td>").append(Html.text(d.version())).append("</td><td>").append(Html.list(d.nodes())).append("</td><td>")
                .append("<span class=\"sb-state-").append(Html.attribute(d.state())).append("\">").append(Html.text(d.state())).append("</span>");
        if (!d.waitingFor().isEmpty()) {
            html.append(" for ").append(Html.list(d.waitingFor()));
        }
        if (d.failure() != null) {
            html.append("<div>").append(Html.text(d.failure())).append("</div>");
        }
        if (component.failureDetail() != null) {
            html.append("<details><summary>detail</summary><pre class=\"sb-pre\">").append(Html.text(component.failureDetail()))
                    .append("</pre></details>");
        }
        if (!d.mismatches().isEmpty()) {
            html.append("<div class=\"sb-small\">proxies that do not fit: ").append(Html.list(d.mismatches())).append("</div>");
        }
        html.append("</td><td>").append(methods(d, component.methods())).append("</td><td>").append(Html.list(d.events())).append("</td><td>")
                .append(dependencies(d, component.resolved())).append("</td><td>").append(component.inFlight()).append("</td><td>");
        if (ComponentDescription.RUNNING.equals(d.state()) && d.nodes().size() <= 1) {
            html.append(Html.button("Stop", "stop", "component", d.name(), "version", d.version()));
        } else if (ComponentDescription.FAILED.equals(d.state())) {
            html.append(Html.button("Retry", "retry", "component", d.name(), "version", d.version()));
        }
        html.append("</td></tr>");
    }

    private static String methods(ComponentDescription d, List<MeshSnapshot.MethodCalls> calls) {
        Map<String, MeshSnapshot.MethodCalls> byMethod = calls.stream().collect(Collectors.toMap(MeshSnapshot.MethodCalls::method, c -> c));
        return d.methods().isEmpty() ? "<span class=\"sb-small\">none</span>" : d.methods().stream().map(method -> {
            MeshSnapshot.MethodCalls counted = byMethod.get(method);
            return Html.text(method) + " " + (counted == null ? 0 : counted.calls()) + " / " + (counted == null ? 0 : counted.failures());
        }).collect(Collectors.joining("<br>"));
    }

    private static String dependencies(ComponentDescription d, Map<String, List<String>> resolved) {
        StringBuilder html = new StringBuilder();
        dependency(html, d.dependencies(), resolved, "");
        dependency(html, d.optionalDependencies(), resolved, " (optional)");
        return html.length() == 0 ? "<span class=\"sb-small\">none</span>" : html.toString();
    }

    private static void dependency(StringBuilder html, Map<String, String> ranges, Map<String, List<String>> resolved, String note) {
        ranges.forEach((name, range) -> {
            List<String> versions = resolved.getOrDefault(name, List.of());
            html.append(Html.text(name + " " + range)).append(note).append(": ")
                    .append(versions.isEmpty() ? "<span class=\"sb-state-waiting\">none</span>" : Html.list(versions)).append("<br>");
        });
    }
}
