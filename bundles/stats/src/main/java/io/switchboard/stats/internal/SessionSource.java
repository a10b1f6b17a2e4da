package io.switchboard.stats.internal;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.session.Session;
import io.switchboard.session.SessionManager;

/** Open client sessions by protocol and transport, and the bytes queued to them but not yet sent. */
@Component(service = Source.class)
public final class SessionSource implements Source {

    private final SessionManager sessions;

    @Activate
    public SessionSource(@Reference SessionManager sessions) {
        this.sessions = sessions;
    }

    @Override
    public void read(Readings readings) {
        SessionManager manager = sessions;
        Map<String, long[]> byProtocol = new TreeMap<>();
        for (Session session : manager.sessions()) {
            if (!session.isOpen()) {
                continue;
            }
            long[] totals = byProtocol.computeIfAbsent(session.protocol() + "\n" + session.transport(), key -> new long[2]);
            totals[0]++;
            totals[1] += session.unsentBytes();
        }
        byProtocol.forEach((key, totals) -> {
            String[] parts = key.split("\n", 2);
            readings.gauge("switchboard.sessions", "open client sessions", totals[0], "protocol", parts[0], "transport", parts[1]);
            readings.gauge("switchboard.session.unsent.bytes", "bytes queued to the sessions and not yet sent",
                    totals[1], "protocol", parts[0], "transport", parts[1]);
        });
    }
}
