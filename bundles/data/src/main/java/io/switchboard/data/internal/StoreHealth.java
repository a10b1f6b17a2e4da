package io.switchboard.data.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.switchboard.data.spi.DataProvider;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/**
 * Keeps the runtime from reporting itself ready while its persistent store is missing: if the
 * MVStore provider fails to open its file, writes would silently land in the in-memory fallback
 * and be lost on restart.
 */
@Component(service = HealthCheck.class, configurationPid = StoreHealth.PID)
@Designate(ocd = StoreHealth.Config.class)
public final class StoreHealth implements HealthCheck {

    public static final String PID = "io.switchboard.data.health";

    @ObjectClassDefinition(name = "Switchboard data store health")
    public @interface Config {
        @AttributeDefinition(description = "The storage provider (its switchboard.data.provider name) that must be running; empty for none")
        String requiredProvider() default "mvstore";
    }

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final String required;

    @Activate
    public StoreHealth(Config config) {
        this(config.requiredProvider());
    }

    public StoreHealth(String required) {
        this.required = required;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void addProvider(DataProvider provider, Map<String, Object> properties) {
        running.add(String.valueOf(properties.get(DataProvider.NAME)));
    }

    public void removeProvider(DataProvider provider, Map<String, Object> properties) {
        running.remove(String.valueOf(properties.get(DataProvider.NAME)));
    }

    @Override
    public String name() {
        return "data.store";
    }

    @Override
    public HealthStatus check() {
        if (required.isEmpty() || running.contains(required)) {
            return HealthStatus.up();
        }
        return HealthStatus.down("the '" + required + "' storage provider is not running, so data would not outlive a restart; the log says why it did not start");
    }
}
