package io.switchboard.logging.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** Follows the OSGi log service: while a {@code LoggerFactory} runs, SLF4J lines go to it too. */
public final class Activator implements BundleActivator {

    private static final String LOGGER_FACTORY = "org.osgi.service.log.LoggerFactory";
    private ServiceTracker<Object, Object> tracker;

    @Override
    public void start(BundleContext context) {
        tracker = new ServiceTracker<>(context, LOGGER_FACTORY, null) {
            @Override
            public Object addingService(ServiceReference<Object> reference) {
                Object factory = super.addingService(reference);
                if (factory instanceof org.osgi.service.log.LoggerFactory loggers) {
                    LogSink.target(new OsgiLogTarget(loggers, context.getBundle()));
                }
                return factory;
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Object service) {
                super.removedService(reference, service);
                Object next = getService();
                LogSink.target(next instanceof org.osgi.service.log.LoggerFactory loggers ? new OsgiLogTarget(loggers, context.getBundle()) : null);
            }
        };
        tracker.open();
    }

    @Override
    public void stop(BundleContext context) {
        LogSink.target(null);
        tracker.close();
    }
}
