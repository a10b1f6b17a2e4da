package io.switchboard.launcher;

import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * A bundle that finds at start that the runtime cannot go on (the cluster refused this node)
 * registers a service with the properties {@value #CODE} (the exit code) and {@value #REASON}; the
 * launcher then stops the framework cleanly and ends with that code, printing the reason. A
 * service, because bundles cannot share a class with the launcher; stopping the framework from the
 * bundle would lose the code. (Any bundle can stop the framework anyway, so this grants nothing new.)
 */
final class ExitRequests implements ServiceListener {

    /** Keep in step with the cluster bundle's ExitRequest. */
    static final String CODE = "switchboard.exit.code";
    static final String REASON = "switchboard.exit.reason";

    private final Framework framework;
    private volatile Integer code;
    private volatile String reason;

    private ExitRequests(Framework framework) {
        this.framework = framework;
    }

    /** Listens on an initialised framework. */
    static ExitRequests listen(Framework framework) {
        ExitRequests requests = new ExitRequests(framework);
        try {
            framework.getBundleContext().addServiceListener(requests, "(" + CODE + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return requests;
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() != ServiceEvent.REGISTERED || code != null) {
            return;
        }
        ServiceReference<?> request = event.getServiceReference();
        Object asked = request.getProperty(CODE);
        int exit = asked instanceof Number number ? number.intValue() : Main.EXIT_FAILED;
        reason = String.valueOf(request.getProperty(REASON));
        code = exit >= Main.EXIT_FAILED && exit <= Main.EXIT_REFUSED ? exit : Main.EXIT_FAILED;
        Thread stop = new Thread(() -> {
            try {
                framework.stop();
            } catch (BundleException e) {
                // it is stopping already
            }
        }, "switchboard-exit");
        stop.setDaemon(true);
        stop.start();
    }

    boolean requested() {
        return code != null;
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
