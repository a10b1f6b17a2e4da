package io.switchboard.security.internal;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The first administrator's password, as the launcher hands it to this bundle alone. It is not a
 * framework property (which every bundle, one dropped into {@code deploy/} too, can read): the
 * launcher registers a service, under the JDK's {@link Supplier} (the password) and
 * {@link Consumer} (told {@value #CREATED} or {@value #EXISTS}, for the banner), with the
 * property {@value #PROPERTY}{@code =}{@value #ADMIN_PASSWORD}, whose factory hands it only to
 * the security bundle the launcher installed from the distribution. The service property
 * {@value #SOURCE} says where the password came from: {@value #ENVIRONMENT} or {@code file}.
 */
final class AdminBootstrap {

    static final String PROPERTY = "switchboard.bootstrap";
    static final String ADMIN_PASSWORD = "admin.password";
    static final String SOURCE = "switchboard.bootstrap.source";
    static final String ENVIRONMENT = "environment";
    static final String CREATED = "created";
    static final String EXISTS = "exists";

    /** No password handed over: a runtime started without the launcher. */
    static final AdminBootstrap NONE = new AdminBootstrap(null, outcome -> { }, false);

    private final String password;
    private final Consumer<String> outcome;
    private final boolean fromEnvironment;

    AdminBootstrap(String password, Consumer<String> outcome, boolean fromEnvironment) {
        this.password = password;
        this.outcome = outcome;
        this.fromEnvironment = fromEnvironment;
    }

    /** What the launcher handed this bundle, read once; {@link #NONE} when it handed nothing. */
    @SuppressWarnings("unchecked")
    static AdminBootstrap from(BundleContext context) {
        ServiceReference<?>[] references;
        try {
            references = context.getServiceReferences(Supplier.class.getName(), "(" + PROPERTY + "=" + ADMIN_PASSWORD + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (references == null || references.length == 0) {
            return NONE;
        }
        ServiceReference<?> reference = references[0];
        Object handoff = context.getService(reference);
        try {
            if (!(handoff instanceof Supplier<?> supplier) || !(handoff instanceof Consumer<?> consumer)) {
                return NONE;
            }
            Object password = supplier.get();
            Consumer<String> report = (Consumer<String>) consumer;
            return new AdminBootstrap(password instanceof String text ? text : null, report, ENVIRONMENT.equals(reference.getProperty(SOURCE)));
        } finally {
            if (handoff != null) {
                context.ungetService(reference);
            }
        }
    }

    Optional<String> password() {
        return Optional.ofNullable(password).filter(text -> !text.isEmpty());
    }

    /** Whether the operator set {@code SWITCHBOARD_ADMIN_PASSWORD} (rather than the launcher generating one). */
    boolean fromEnvironment() {
        return fromEnvironment;
    }

    void report(String what) {
        outcome.accept(what);
    }
}
