package io.switchboard.session;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.util.promise.Promise;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.protocol.Request;

/**
 * Acts on requests of one or more actions. Register as an OSGi service with the property
 * {@link #ACTION} naming the actions (a string or several). A failed promise (or a thrown
 * exception) becomes an error answer: a {@link io.switchboard.api.errors.SwitchboardException}'s
 * code and message are sent as they are; anything else is sent as {@code session.internal-error}.
 */
@ConsumerType
public interface ActionHandler {

    String ACTION = "action";

    Promise<JsonNode> handle(Session session, Request request);
}
