package io.switchboard.console.internal;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.mesh.Mesh;
import io.switchboard.mesh.MeshSnapshot;
import io.switchboard.session.Session;
import io.switchboard.session.SessionManager;
import io.switchboard.subscription.Subscription;
import io.switchboard.subscription.SubscriptionService;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /system/console/sessions}: the clients connected now: who (the user logged in, and the
 * client's own name for itself), from where, over which protocol, since when, how many data and
 * event subscriptions, and how many bytes wait in its outbound queue. Its action closes a session
 * (close code {@value Session#CLOSE_BY_ADMINISTRATOR}).
 */
@Component(service = Servlet.class, property = {"felix.webconsole.label=sessions", "felix.webconsole.title=Sessions",
        "felix.webconsole.category=Switchboard"})
public final class SessionsPage extends ConsolePage {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> ACTIONS = Map.of("close", "The session was closed.");
    /** The session attributes the security feature's login and the handshake fill in (docs/protocol.md). */
    private static final String USER = "user";
    private static final String CLIENT = "client";

    /** The page exists only with the network edge: without it, no client connects. */
    private final transient SessionManager sessions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile SubscriptionService subscriptions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Mesh mesh;

    @Activate
    public SessionsPage(@Reference ConsoleAccess access, @Reference SessionManager sessions) {
        super(access);
        this.sessions = sessions;
    }

    @Override
    Map<String, String> actions() {
        return ACTIONS;
    }

    @Override
    void act(String action, HttpServletRequest request) {
        String id = field(request, "session");
        Session session = sessions.sessions().stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
        if (session == null) {
            throw new SwitchboardException(ConsoleErrors.UNKNOWN_SESSION, "no open session has that id (it may have ended meanwhile)");
        }
        session.close(Session.CLOSE_BY_ADMINISTRATOR, "closed by an administrator");
    }

    @Override
    void render(HttpServletRequest request, PrintWriter out) {
        List<Session> open = sessions.sessions().stream().sorted(Comparator.comparing(Session::started)).toList();
        Map<String, Integer> data = dataSubscriptions();
        Map<String, Integer> events = eventSubscriptions();
        out.println("<p id=\"sb-summary\">" + open.size() + " open session(s).</p>");
        StringBuilder html = new StringBuilder(200 * (open.size() + 1));
        html.append("<table class=\"sb-table\" id=\"sb-sessions\"><thead><tr><th>Session</th><th>User</th><th>Client</th><th>From</th>")
                .append("<th>Protocol</th><th>Since</th><th>Subscriptions (data / events)</th><th>Queued bytes</th><th></th></tr></thead><tbody>");
        for (Session session : open) {
            Object user = session.attributes().get(USER);
            html.append("<tr data-session=\"").append(Html.attribute(session.id())).append("\"><td>").append(Html.text(session.id()))
                    .append("</td><td>").append(user == null ? "<span class=\"sb-small\">not logged in</span>" : Html.text(user))
                    .append("</td><td>").append(Html.text(session.attributes().get(CLIENT))).append("</td><td>")
                    .append(Html.text(session.remoteAddress())).append("</td><td>").append(Html.text(session.protocol())).append(" (")
                    .append(Html.text(session.transport())).append(")</td><td>").append(Html.time(session.started())).append("</td><td>")
                    .append(data.getOrDefault(session.id(), 0)).append(" / ").append(events.getOrDefault(session.id(), 0)).append("</td><td>")
                    .append(session.unsentBytes()).append("</td><td>").append(Html.button("Close", "close", "session", session.id()))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
        out.print(html);
    }

    private Map<String, Integer> dataSubscriptions() {
        Map<String, Integer> bySession = new HashMap<>();
        SubscriptionService current = subscriptions;
        if (current != null) {
            for (Subscription subscription : current.subscriptions()) {
                if (subscription.options().session() != null) {
                    bySession.merge(subscription.options().session(), 1, Integer::sum);
                }
            }
        }
        return bySession;
    }

    private Map<String, Integer> eventSubscriptions() {
        Map<String, Integer> bySession = new HashMap<>();
        Mesh current = mesh;
        if (current != null) {
            for (MeshSnapshot.EventSubscription subscription : current.snapshot().subscriptions()) {
                if (subscription.session() != null) {
                    bySession.merge(subscription.session(), 1, Integer::sum);
                }
            }
        }
        return bySession;
    }
}
