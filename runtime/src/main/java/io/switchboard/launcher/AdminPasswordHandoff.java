package io.switchboard.launcher;

import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * Hands the bootstrap admin password to the security bundle alone. A framework property would be
 * readable by every bundle, those dropped into {@code deploy/} included; this is a service under
 * the JDK's {@link Supplier} (the password) and {@link Consumer} (the security bundle reports
 * {@code created} or {@code exists}, for the banner), with the property
 * {@code switchboard.bootstrap=admin.password}, whose factory gives it only to the bundle this
 * launcher installed from the distribution as the security bundle ({@value #SECURITY_BUNDLE}, the
 * same test as {@link BundleSecret}'s), and nothing to any other bundle.
 *
 * <p>It keeps the password from casual reads (any bundle's {@code getProperty}, the web console's
 * list of framework properties); it is no wall against code that runs in the same JVM on purpose,
 * which nothing without a Java security manager is.
 */
final class AdminPasswordHandoff implements ServiceFactory<Object> {

    static final String SECURITY_BUNDLE = "io.switchboard.switchboard-security";

    private final AdminPassword password;
    private final AtomicReference<String> outcome = new AtomicReference<>();

    private AdminPasswordHandoff(AdminPassword password) {
        this.password = password;
    }

    static AdminPasswordHandoff register(BundleContext context, AdminPassword password) {
        AdminPasswordHandoff handoff = new AdminPasswordHandoff(password);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("switchboard.bootstrap", "admin.password");
        properties.put("switchboard.bootstrap.source", password.source().equals(AdminPassword.ENV) ? "environment" : "file");
        context.registerService(new String[] {Supplier.class.getName(), Consumer.class.getName()}, handoff, properties);
        return handoff;
    }

    /** What the security bundle made of the password: {@code created}, {@code exists}, or nothing yet. */
    Optional<String> outcome() {
        return Optional.ofNullable(outcome.get());
    }

    /** The handoff for the security bundle; null (the framework then gives nothing) for any other. */
    @Override
    public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
        return BundleSecret.isProvisioned(bundle, SECURITY_BUNDLE) ? new Handed() : null;
    }

    @Override
    public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {
        // nothing held
    }

    /** The security bundle's view: the password, and where to say what became of it. */
    private final class Handed implements Supplier<String>, Consumer<String> {
        @Override
        public String get() {
            return password.value();
        }

        @Override
        public void accept(String what) {
            outcome.set(what);
        }
    }
}
