package io.switchboard.security.internal;

import io.switchboard.stats.Counter;
import io.switchboard.stats.Stats;

/**
 * Logins counted for the stats service (docs/metrics.md): by outcome ({@code ok}, {@code failed},
 * {@code locked}: refused because the account is locked, {@code refused}: malformed credentials)
 * and the lockouts they caused, by scope. {@link #NONE} while no stats service runs.
 */
final class LoginMeters {

    static final LoginMeters NONE = new LoginMeters(null);

    private static final String LOGINS = "switchboard.security.logins";
    private static final String LOGINS_HELP = "logins (password and the web console's), by outcome";
    private static final String LOCKOUTS = "switchboard.security.lockouts";
    private static final String LOCKOUTS_HELP = "accounts locked by failed logins: from one source address, or from everywhere but this machine";

    final Stats stats;
    final Counter ok;
    final Counter failed;
    final Counter locked;
    final Counter refused;
    final Counter lockoutFromSource;
    final Counter lockoutEverywhere;

    LoginMeters(Stats stats) {
        this.stats = stats;
        ok = counter(stats, LOGINS, LOGINS_HELP, "outcome", "ok");
        failed = counter(stats, LOGINS, LOGINS_HELP, "outcome", "failed");
        locked = counter(stats, LOGINS, LOGINS_HELP, "outcome", "locked");
        refused = counter(stats, LOGINS, LOGINS_HELP, "outcome", "refused");
        lockoutFromSource = counter(stats, LOCKOUTS, LOCKOUTS_HELP, "scope", "source");
        lockoutEverywhere = counter(stats, LOCKOUTS, LOCKOUTS_HELP, "scope", "everywhere");
    }

    private static Counter counter(Stats stats, String name, String help, String key, String value) {
        return stats == null ? Counter.NONE : stats.counter(name, help, key, value);
    }
}
