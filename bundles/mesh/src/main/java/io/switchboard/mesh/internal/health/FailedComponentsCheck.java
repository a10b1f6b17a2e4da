package io.switchboard.mesh.internal.health;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.switchboard.mesh.ComponentDescription;
import io.switchboard.mesh.Mesh;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/**
 * {@code /health} names the components that cannot run: the runtime is then {@code DEGRADED} (200),
 * not down, because one broken component must not take the node out of a load balancer, nor keep
 * the startup gate shut so that no one can reach the console to see why. /health needs no login, so
 * it names the components and no more: their reasons are in the description and the console.
 */
@Component(service = HealthCheck.class)
public final class FailedComponentsCheck implements HealthCheck {

    private final Mesh mesh;

    @Activate
    public FailedComponentsCheck(@Reference Mesh mesh) {
        this.mesh = mesh;
    }

    @Override
    public String name() {
        return "mesh.components";
    }

    @Override
    public HealthStatus check() {
        List<String> failed = mesh.describe().stream().filter(c -> ComponentDescription.FAILED.equals(c.state()))
                .map(c -> c.name() + "@" + c.version()).toList();
        if (failed.isEmpty()) {
            return HealthStatus.up();
        }
        return HealthStatus.degraded(failed.size() + " component(s) failed to start: " + String.join(", ", failed)
                + " (GET /api/mesh/description says why)");
    }
}
