package io.switchboard.system.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Finds the bundles that should be active and are not.
 *
 * <p>"Should be active" is what the framework itself was told: the bundle is marked to be
 * started (by the launcher, by FileInstall, or by an operator in the console), is not a fragment,
 * and its start level has been reached. A bundle that an operator stopped on purpose is therefore
 * not counted against readiness, while one that failed to resolve or whose activator threw is.
 */
final class BundleReadiness {

    private final BundleContext context;

    BundleReadiness(BundleContext context) {
        this.context = context;
    }

    List<NotReady> check() {
        List<NotReady> problems = new ArrayList<>();
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        FrameworkStartLevel frameworkLevel = system.adapt(FrameworkStartLevel.class);
        int target = targetStartLevel();
        if (system.getState() != Bundle.ACTIVE || frameworkLevel.getStartLevel() < target) {
            problems.add(new NotReady("framework", system.getSymbolicName(),
                    "starting (start level " + frameworkLevel.getStartLevel() + " of " + target + ")"));
        }
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0 || isFragment(bundle)) {
                continue;
            }
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            if (level == null || !level.isPersistentlyStarted()
                    || level.getStartLevel() > frameworkLevel.getStartLevel()) {
                continue;
            }
            String reason = reasonNotActive(bundle, level);
            if (reason != null) {
                problems.add(new NotReady("bundle", bundle.getSymbolicName() + " " + bundle.getVersion(), reason));
            }
        }
        return problems;
    }

    private int targetStartLevel() {
        String beginning = context.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL);
        try {
            return beginning == null ? 1 : Integer.parseInt(beginning.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String reasonNotActive(Bundle bundle, BundleStartLevel level) {
        switch (bundle.getState()) {
            case Bundle.ACTIVE:
                return null;
            case Bundle.STARTING:
                // A lazily activated bundle waits in STARTING for its first class load; that is ready.
                return level.isActivationPolicyUsed() ? null : "starting";
            case Bundle.INSTALLED:
                return "installed but not resolved: a requirement (package, service or capability) is missing";
            case Bundle.RESOLVED:
                return "resolved but not started: it failed to start or was stopped by the framework";
            case Bundle.STOPPING:
                return "stopping";
            default:
                return "in state " + bundle.getState();
        }
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
