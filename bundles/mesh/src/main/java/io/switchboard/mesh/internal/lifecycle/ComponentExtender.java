package io.switchboard.mesh.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTracker;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.mesh.internal.version.Versions;

/**
 * Finds components in active bundles through the capability their {@link MeshComponent} annotation
 * wrote into the manifest, and hands them to the launcher. A stopping bundle's components are
 * withdrawn (and drained) inside the stop, while its classes are still usable, because bundle
 * trackers are told synchronously.
 *
 * <p>Whether a stopping bundle comes back is known only after the fact: an update in place stops
 * it ({@code STOPPING}, {@code STOPPED}, {@code UNRESOLVED}), then reports {@code UPDATED} and starts
 * the new revision; an uninstall reports {@code UNINSTALLED} instead. So a bundle that stops while
 * the framework keeps running leaves a gap (callers wait for its components, bounded by the rebind
 * time), which closes when the bundle is active again or uninstalled.
 */
public final class ComponentExtender extends BundleTracker<List<ComponentDeclaration>> {

    private final ComponentLauncher launcher;
    private final BundleContext context;
    /** Synchronous, so that an uninstall ends the gap before the uninstalling call returns. */
    private final SynchronousBundleListener uninstalls = event -> {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            gapClosed(event.getBundle());
        }
    };

    public ComponentExtender(BundleContext context, ComponentLauncher launcher) {
        super(context, Bundle.ACTIVE, null);
        this.context = context;
        this.launcher = launcher;
    }

    @Override
    public void open() {
        context.addBundleListener(uninstalls);
        super.open();
    }

    @Override
    public void close() {
        super.close();
        try {
            context.removeBundleListener(uninstalls);
        } catch (IllegalStateException stopping) {
            // the mesh bundle's context is already invalid: the listener went with it
        }
    }

    @Override
    public List<ComponentDeclaration> addingBundle(Bundle bundle, BundleEvent event) {
        try {
            return offer(bundle);
        } finally {
            gapClosed(bundle); // back after a stop or an update: whatever it offers now is what callers get
        }
    }

    private List<ComponentDeclaration> offer(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<BundleCapability> declared = revision == null ? List.of() : revision.getDeclaredCapabilities(MeshComponent.NAMESPACE);
        if (declared.isEmpty()) {
            return null;
        }
        String owner = owner(bundle);
        List<ComponentDeclaration> offered = new ArrayList<>();
        for (BundleCapability capability : declared) {
            Object className = capability.getAttributes().get("class");
            try {
                Class<?> type = bundle.loadClass(String.valueOf(className));
                ComponentDeclaration declaration = ComponentDeclaration.read(type, Versions.ofBundle(bundle.getVersion()), owner);
                if (launcher.offer(declaration)) {
                    offered.add(declaration);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                launcher.unloadable(attribute(capability, "name"), version(capability, bundle), owner, events(capability),
                        "cannot be loaded: its class " + className + " is missing or cannot be linked", e);
            } catch (SwitchboardException e) {
                launcher.unloadable(attribute(capability, "name"), version(capability, bundle), owner, events(capability),
                        "cannot run: its declaration is invalid", e);
            }
        }
        return offered;
    }

    /** An attribute of a component's capability, as bnd wrote it from the annotation ("?" when absent). */
    private static String attribute(BundleCapability capability, String name) {
        Object value = capability.getAttributes().get(name);
        return value == null ? "?" : value.toString();
    }

    /** The version the annotation declares, else the bundle's, as a component's version is read. */
    private static String version(BundleCapability capability, Bundle bundle) {
        Object declared = capability.getAttributes().get("version");
        return declared == null ? Versions.ofBundle(bundle.getVersion()) : declared.toString();
    }

    private static List<String> events(BundleCapability capability) {
        return capability.getAttributes().get("events") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<ComponentDeclaration> declarations) {
        launcher.forget(owner(bundle));
        // A stop while the framework runs may be an update in place; the mesh closing, or the
        // framework stopping, is the end.
        boolean mayComeBack = event != null && event.getType() == BundleEvent.STOPPING && !frameworkStopping();
        for (ComponentDeclaration declaration : declarations) {
            launcher.withdraw(declaration, mayComeBack ? gapOwner(bundle) : null);
        }
    }

    private void gapClosed(Bundle bundle) {
        launcher.returned(gapOwner(bundle));
    }

    private boolean frameworkStopping() {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        return framework == null || (framework.getState() & (Bundle.STOPPING | Bundle.RESOLVED)) != 0;
    }

    private static String gapOwner(Bundle bundle) {
        return "bundle " + bundle.getBundleId();
    }

    /**
     * How log lines name a component's bundle: symbolic name, version and id, and the file it came
     * from when it was deployed from a folder, so that an operator knows which file to remove.
     */
    static String owner(Bundle bundle) {
        String label = bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
        String location = bundle.getLocation();
        if (location != null && location.startsWith("file:")) {
            try {
                return label + " from " + java.nio.file.Path.of(java.net.URI.create(location));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAPath) {
                return label + " from " + location;
            }
        }
        return label;
    }
}
