package io.switchboard.insecure.internal;

import org.osgi.service.component.annotations.Component;

import io.switchboard.api.mesh.Origin;
import io.switchboard.api.mesh.OriginPermissions;

/** The insecure development mode's answer to {@code Happn.allowed}: every origin may do everything. Ranked lowest. */
@Component(property = "service.ranking:Integer=" + Integer.MIN_VALUE)
public final class PermitAllOrigins implements OriginPermissions {

    @Override
    public boolean allowed(Origin origin, String action, String path) {
        return true;
    }
}
