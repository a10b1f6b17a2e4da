package io.switchboard.dataedge.internal;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.data.path.Paths;
import io.switchboard.protocol.Request;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;

/**
 * Refuses a request whose {@code path} is over the bounds of a path (length, segments) before any
 * other layer sees it: the permission check walks a request's path before the data service
 * validates it, and a 100,000-segment path overflowed its stack. Only the bounds are checked here,
 * in time that does not grow with the input; the data service checks the rest.
 */
@Component(property = Layer.ORDER + ":Integer=" + PathLimitsLayer.ORDER)
public final class PathLimitsLayer implements Layer {

    /** Before the authorisation layer (100): bounds first, whoever asks. */
    static final int ORDER = 10;

    @Override
    public Request inbound(Session session, Request request) {
        JsonNode path = request.params().get("path");
        if (path != null && path.isTextual()) {
            Paths.requireWithinLimits(path.textValue());
        }
        return request;
    }
}
