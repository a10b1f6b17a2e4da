package io.switchboard.console.internal;

import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import io.switchboard.api.mesh.MeshComponent;

/** Finds the bundle that declares a component, by the capability its annotation wrote into the manifest. */
final class ComponentBundles {

    private ComponentBundles() {
    }

    static Optional<Bundle> of(BundleContext context, String name, String version) {
        for (Bundle bundle : context.getBundles()) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (BundleCapability capability : revision.getDeclaredCapabilities(MeshComponent.NAMESPACE)) {
                Object declaredName = capability.getAttributes().get("name");
                Object declaredVersion = capability.getAttributes().get("version");
                String bundleVersion = bundle.getVersion().getMajor() + "." + bundle.getVersion().getMinor() + "." + bundle.getVersion().getMicro();
                if (name.equals(String.valueOf(declaredName))
                        && (version.equals(String.valueOf(declaredVersion)) || (declaredVersion == null && version.equals(bundleVersion)))) {
                    return Optional.of(bundle);
                }
            }
        }
        return Optional.empty();
    }
}
