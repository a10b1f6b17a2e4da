package io.switchboard.system.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import io.switchboard.system.health.HealthCheck;

/**
 * The one place that decides whether the runtime is ready: bundles that should be active,
 * components whose activation failed, and every contributed {@link HealthCheck}. A service of
 * this bundle only (its class is private), for {@code /health} and the startup gate.
 */
@Component(service = RuntimeReadiness.class)
public final class RuntimeReadiness {

    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final BundleReadiness bundles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;

    @Activate
    public RuntimeReadiness(BundleContext context) {
        this.bundles = new BundleReadiness(context);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCheck(HealthCheck check) {
        checks.add(check);
    }

    void removeCheck(HealthCheck check) {
        checks.remove(check);
    }

    HealthReport report() {
        HealthReport report = new HealthReport();
        report.addAll(bundles.check());
        report.addAll(ComponentReadiness.check(scr));
        checks.forEach(report::run);
        return report;
    }
}
