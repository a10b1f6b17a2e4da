package io.switchboard.bus.middleware.internal;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.switchboard.bus.middleware.BusMessage;
import io.switchboard.bus.middleware.BusMiddleware;

/**
 * Adds who published a message to its metadata ({@value #HEADER}: a user's name or
 * {@code service:<id>}), as the login proved it; first in the chain, so the other links see it. A
 * value sent by anyone else is replaced: the header cannot be forged.
 */
@Component(service = BusMiddleware.class, property = {"service.ranking:Integer=10000", BusMiddleware.NAME + "=producer-identity"})
public final class ProducerIdentity implements BuiltIn {

    public static final String HEADER = "Bus-Producer";

    @Override
    public BusMessage beforeStore(BusMessage message) {
        if (message.producer() == null) {
            return message; // from inside the runtime: a dead-letter copy keeps its original producer
        }
        Map<String, String> headers = new HashMap<>(message.headers());
        headers.put(HEADER, message.producer());
        return message.withHeaders(headers);
    }
}
