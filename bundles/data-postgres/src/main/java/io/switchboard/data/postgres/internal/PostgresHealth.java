package io.switchboard.data.postgres.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.switchboard.data.spi.DataProvider;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/**
 * {@code data.postgres} in {@code /health}: down while the PostgreSQL provider is not running (so
 * writes would land in another store) or while its database does not answer, with the reason.
 * A component of its own, so that it reports even when the provider failed to start.
 */
@Component(service = HealthCheck.class)
public final class PostgresHealth implements HealthCheck {

    private final boolean urlSet;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + DataProvider.NAME + "=" + PostgresProvider.NAME + ")")
    private volatile DataProvider provider;

    @Activate
    public PostgresHealth(BundleContext context) {
        String url = context.getProperty(PostgresProvider.URL_PROPERTY);
        this.urlSet = url != null && !url.isBlank();
    }

    @Override
    public String name() {
        return "data.postgres";
    }

    @Override
    public HealthStatus check() {
        if (!(provider instanceof PostgresProvider postgres)) {
            return HealthStatus.down("the PostgreSQL data provider is not running: " + (urlSet
                    ? "the log says why it did not start" : "no store URL is set (SWITCHBOARD_STORE_URL, --store-url, or url in " + PostgresProvider.PID + ")"));
        }
        StoreState state = postgres.state();
        String problem = state.problem();
        if (problem == null) {
            return HealthStatus.up();
        }
        return HealthStatus.down("PostgreSQL at " + state.location() + " is unavailable (for " + state.millisInState() / 1000 + " s): " + problem);
    }
}
