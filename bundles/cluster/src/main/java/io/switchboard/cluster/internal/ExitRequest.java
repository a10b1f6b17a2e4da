package io.switchboard.cluster.internal;

import java.util.Hashtable;

import org.osgi.framework.BundleContext;

/**
 * Asks the launcher to stop the runtime with an exit code and a reason: a service whose properties
 * carry both, which the launcher listens for (it cannot share a class with the bundles). Stopping the
 * framework from here instead would lose the code; ending the JVM would skip the clean stop.
 */
final class ExitRequest {

    /** Service property: the exit code (Integer). Keep in step with the launcher's ExitRequests. */
    static final String CODE = "switchboard.exit.code";
    /** Service property: why, one line for the operator. */
    static final String REASON = "switchboard.exit.reason";

    private ExitRequest() {
    }

    static void send(BundleContext context, int code, String reason) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(CODE, code);
        properties.put(REASON, reason);
        try {
            context.registerService(Object.class, new Object(), properties);
        } catch (IllegalStateException stopping) {
            // the bundle is stopping already: nothing left to ask
        }
    }
}
