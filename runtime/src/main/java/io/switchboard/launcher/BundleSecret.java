package io.switchboard.launcher;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * A secret from the launcher for one bundle only: a {@link Supplier} service (property
 * {@value #PROPERTY} = the secret's name) whose factory gives it to the bundle the launcher
 * installed from a feature under the expected symbolic name, and to no other bundle (a bundle
 * dropped into {@code deploy/} has another location). So a password reaches the one service that
 * needs it without being a framework property, which every bundle reads and the console shows.
 */
final class BundleSecret implements ServiceFactory<Supplier<String>> {

    static final String PROPERTY = "switchboard.secret";

    private final String value;
    private final String symbolicName;

    private BundleSecret(String value, String symbolicName) {
        this.value = value;
        this.symbolicName = symbolicName;
    }

    static ServiceRegistration<?> offer(BundleContext systemContext, String name, String value, String symbolicName) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PROPERTY, name);
        return systemContext.registerService(Supplier.class.getName(), new BundleSecret(value, symbolicName), properties);
    }

    /** The secret for its bundle; {@code null} (no service) for any other. */
    @Override
    public Supplier<String> getService(Bundle bundle, ServiceRegistration<Supplier<String>> registration) {
        return isProvisioned(bundle, symbolicName) ? () -> value : null;
    }

    /**
     * Whether the bundle is the one this launcher installed from a feature under that symbolic
     * name: the one test every launcher secret passes before it is handed over.
     */
    static boolean isProvisioned(Bundle bundle, String symbolicName) {
        return bundle.getLocation().startsWith(FeatureBundle.LOCATION_PREFIX) && symbolicName.equals(bundle.getSymbolicName());
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<Supplier<String>> registration, Supplier<String> service) {
    }
}
