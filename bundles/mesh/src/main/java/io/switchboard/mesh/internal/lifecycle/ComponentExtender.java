package io.switchboard.mesh.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.mesh.internal.version.Versions;

/**
 * Finds components in active bundles through the capability their {@link MeshComponent} annotation
 * wrote into the manifest, and hands them to the launcher. A stopping bundle's components are
 * withdrawn (and drained) inside the stop, while its classes are still usable, because bundle
 * trackers are told synchronously.
 */
public final class ComponentExtender extends BundleTracker<List<ComponentDeclaration>> {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentExtender.class);

    private final ComponentLauncher launcher;

    public ComponentExtender(BundleContext context, ComponentLauncher launcher) {
        super(context, Bundle.ACTIVE, null);
        this.launcher = launcher;
    }

    @Override
    public List<ComponentDeclaration> addingBundle(Bundle bundle, BundleEvent event) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<BundleCapability> declared = revision == null ? List.of() : revision.getDeclaredCapabilities(MeshComponent.NAMESPACE);
        if (declared.isEmpty()) {
            return null;
        }
        String owner = bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
        List<ComponentDeclaration> offered = new ArrayList<>();
        for (BundleCapability capability : declared) {
            Object className = capability.getAttributes().get("class");
            try {
                Class<?> type = bundle.loadClass(String.valueOf(className));
                ComponentDeclaration declaration = ComponentDeclaration.read(type, Versions.ofBundle(bundle.getVersion()), owner);
                if (launcher.offer(declaration)) {
                    offered.add(declaration);
                }
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                LOG.error("component class {} declared by {} cannot be loaded: {}", className, owner, e.toString());
            } catch (SwitchboardException e) {
                LOG.error(e.getMessage());
            }
        }
        return offered;
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<ComponentDeclaration> declarations) {
        for (ComponentDeclaration declaration : declarations) {
            launcher.withdraw(declaration);
        }
    }
}
