package io.switchboard.console.internal;

import java.lang.reflect.InvocationTargetException;

import org.apache.felix.webconsole.servlet.User;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.switchboard.security.SecurityService;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a console request comes from an administrator. The console's login (bundle
 * console-security) already admits members of {@code _ADMIN} only; the Switchboard pages ask again,
 * as the directory has it now, so that a page never serves someone whose membership ended since.
 * Without the security feature (the insecure development mode) there is no directory to ask, and
 * the console's own login decides. The directory is held by its reference, not its type, so that
 * this class loads where the security package is absent.
 */
@Component(service = ConsoleAccess.class)
public final class ConsoleAccess {

    private final BundleContext context;

    @Reference(service = SecurityService.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceReference<?> security;

    @Activate
    public ConsoleAccess(BundleContext context) {
        this.context = context;
    }

    public boolean administrator(HttpServletRequest request) {
        ServiceReference<?> reference = security;
        if (reference == null) {
            return true;
        }
        Object user = request.getAttribute(User.USER_ATTRIBUTE);
        if (!(user instanceof User consoleUser) || !(consoleUser.getUserObject() instanceof String username)) {
            return false;
        }
        Object service = context.getService(reference);
        try {
            return service != null && Directory.isAdministrator(service, username);
        } finally {
            if (service != null) {
                context.ungetService(reference);
            }
        }
    }

    /** Touches the security package only when its service is there. */
    private static final class Directory {
        static boolean isAdministrator(Object service, String username) {
            try {
                return ((SecurityService) service).user(username).getValue()
                        .map(u -> u.enabled() && u.groups().contains(SecurityService.ADMIN_GROUP)).orElse(false);
            } catch (InvocationTargetException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
