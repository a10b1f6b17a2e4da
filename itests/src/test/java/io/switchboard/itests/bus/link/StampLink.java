package io.switchboard.itests.bus.link;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.BusMiddleware;
import io.switchboard.bus.middleware.Rejection;

/**
 * The custom middleware link of MiddlewareHotDeployTest, packed into a bundle of its own: stamps what
 * it stores and what it delivers, refuses payloads with "reject", throws on "boom", hangs on "hang".
 */
public final class StampLink implements BusMiddleware, BundleActivator {

    public static final String NAME = "stamp";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, 100);
        properties.put(BusMiddleware.NAME, NAME);
        context.registerService(BusMiddleware.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }

    @Override
    public BusMessage beforeStore(BusMessage message) throws Rejection {
        String payload = new String(message.payload(), StandardCharsets.UTF_8);
        if (payload.contains("\"reject\"")) {
            throw new Rejection("rejects are not taken here");
        }
        if (payload.contains("\"boom\"")) {
            throw new IllegalStateException("the link broke");
        }
        if (payload.contains("\"hang\"")) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return message.withHeaders(with(message.headers(), "Stamped-By", NAME));
    }

    @Override
    public BusMessage afterDelivery(BusMessage message) {
        return message.withHeaders(with(message.headers(), "Stamp-Seen", "yes"));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> changed = new HashMap<>(headers);
        changed.put(name, value);
        return changed;
    }
}
