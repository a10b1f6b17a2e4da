package io.switchboard.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.Http;
import io.switchboard.itests.support.WireClient;
import io.switchboard.protocol.Outbound;
import io.switchboard.protocol.Request;
import io.switchboard.session.Layer;
import io.switchboard.session.Session;

/**
 * A custom pipeline layer, registered as an OSGi service by a bundle (this test's probe), inspects,
 * changes and refuses messages of real WebSocket sessions; unregistering it takes it out at once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CustomLayerTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FeatureOptions.framework("core", "edge");
    }

    /** Refuses writes under /locked, stamps every set it lets through, and tags answers on the way out. */
    private static final class Guard implements Layer {
        @Override
        public Request inbound(Session session, Request request) {
            String path = request.params().path("path").asText();
            if (request.action().equals("set") && path.startsWith("/locked/")) {
                throw new SwitchboardException("guard.locked", "writes under /locked are refused by the guard layer");
            }
            if (request.action().equals("set") && request.params().get("data") instanceof ObjectNode data) {
                ObjectNode changed = request.params().deepCopy();
                ((ObjectNode) changed.get("data")).put("stampedBy", "guard");
                return request.withParams(changed);
            }
            return request;
        }

        @Override
        public Outbound outbound(Session session, Outbound message) {
            if (message instanceof Outbound.Response response && response.result().isTextual()) {
                return new Outbound.Response(response.id(), new TextNode(response.result().asText() + " (guarded)"));
            }
            return message;
        }
    }

    @Test
    public void aLayerServiceInspectsChangesAndRefusesMessagesUntilItGoesAway() {
        int port = FeatureOptions.httpPort(context);
        Http http = new Http(port);
        Await.until("/health answers 200", Duration.ofSeconds(30), () -> http.get("/health").statusCode() == 200);

        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Layer.ORDER, 50);
        ServiceRegistration<Layer> registration = context.registerService(Layer.class, new Guard(), properties);
        try (WireClient client = WireClient.connect(port)) {
            assertEquals("pong (guarded)", client.ok("ping", WireClient.object()).asText());
            ObjectNode locked = WireClient.object().put("path", "/locked/a");
            locked.putObject("data").put("v", 1);
            assertEquals("guard.locked", client.error("set", locked));
            ObjectNode open = WireClient.object().put("path", "/open/a");
            open.putObject("data").put("v", 1);
            assertEquals("guard", client.ok("set", open).get("data").get("stampedBy").asText());

            registration.unregister();
            registration = null;
            assertEquals("pong", client.ok("ping", WireClient.object()).asText());
            ObjectNode lockedAgain = WireClient.object().put("path", "/locked/b");
            lockedAgain.putObject("data").put("v", 1);
            assertTrue(client.ok("set", lockedAgain).get("data").has("v"));
        } finally {
            if (registration != null) {
                registration.unregister();
            }
        }
    }
}
