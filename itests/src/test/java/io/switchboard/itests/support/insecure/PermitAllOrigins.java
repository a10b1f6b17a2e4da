package io.switchboard.itests.support.insecure;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;

/**
 * The permit-all {@link OriginPermissions} of the insecure development mode, as a bundle of its own
 * that {@link io.switchboard.itests.support.InsecureModeStandIn} builds: the mesh fails closed
 * without one (issue 11 item 2). The runtime's own arrives with bundles/insecure; this class and
 * its builder go then.
 */
public final class PermitAllOrigins implements BundleActivator, OriginPermissions {

    @Override
    public void start(BundleContext context) {
        context.registerService(OriginPermissions.class, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        // the registration ends with the bundle
    }

    @Override
    public boolean allowed(Origin origin, String action, String path) {
        return true;
    }
}
