package io.switchboard.launcher;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/** The few lines an operator reads after start: what runs, where to reach it, where to drop bundles. */
final class Banner {

    private Banner() {
    }

    static void print(PrintStream out, String version, Readiness.Result ready, long startedMillis, Layout layout, AdminPassword admin,
                      Optional<String> https, boolean insecure, boolean adminPasswordIgnored, Optional<String> cluster) {
        String seconds = String.format(Locale.ROOT, "%.2f s", startedMillis / 1000.0);
        StringBuilder text = new StringBuilder();
        if (ready.ready()) {
            text.append("Switchboard ").append(version).append(" ready in ").append(seconds).append('\n');
        } else {
            text.append("Switchboard ").append(version).append(" started in ").append(seconds)
                    .append(" but is NOT READY: ").append(ready.lastAnswer()).append('\n');
        }
        String base = ready.baseUrl() == null ? "(HTTP is not up)" : ready.baseUrl();
        text.append("  http     ").append(base).append('\n');
        https.ifPresent(url -> text.append("  https    ").append(url).append('\n'));
        text.append("  health   ").append(ready.baseUrl() == null ? "-" : base + "health").append('\n');
        text.append("  console  ").append(ready.baseUrl() == null ? "-" : base + "system/console").append(" (user admin)\n");
        text.append("  deploy   ").append(layout.deploy()).append('\n');
        text.append("  home     ").append(layout.home()).append('\n');
        cluster.ifPresent(line -> text.append("  cluster  ").append(line).append('\n'));
        if (admin.generated()) {
            text.append("  admin password (generated, shown once, kept in ").append(admin.source()).append("): ")
                    .append(admin.value()).append('\n');
        }
        if (adminPasswordIgnored) {
            text.append("  admin password: ").append(AdminPassword.ENV).append(" is set but the user admin already exists:"
                    + " its password was NOT changed (change it with security.upsertUser)\n");
        }
        if (insecure) {
            text.append("  !!! INSECURE DEVELOPMENT MODE: the 'security' feature is not started. Anyone who can reach\n")
                .append("  !!! this port may read and write all data. Add 'security' to switchboard.features for production.\n");
        }
        out.print(text);
        out.flush();
    }
}
