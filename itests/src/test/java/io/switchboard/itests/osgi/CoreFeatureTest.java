package io.switchboard.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.Http;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/** Boots the core feature in Felix and checks Switchboard's bundles and services come up and answer. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreFeatureTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FeatureOptions.framework("core");
    }

    @Test
    public void everySwitchboardBundleIsActive() {
        List<String> switchboard = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().startsWith("io.switchboard")) {
                switchboard.add(bundle.getSymbolicName());
                assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            }
        }
        assertTrue("components-api and system are in the core feature: " + switchboard,
                switchboard.containsAll(List.of("io.switchboard.components-api", "io.switchboard.switchboard-system")));
    }

    @Test
    public void theHealthServletIsRegisteredOnTheWhiteboard() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.http.whiteboard.servlet.pattern=/health)");
        assertNotNull("a servlet for /health", refs);
        assertEquals("io.switchboard.switchboard-system", refs[0].getBundle().getSymbolicName());
    }

    @Test
    public void healthFollowsContributedChecks() {
        // The test runs inside the framework: the port is the one the configuration chose there.
        Http http = new Http(FeatureOptions.httpPort(context));
        Await.until("/health answers 200", Duration.ofSeconds(30), () -> http.get("/health").statusCode() == 200);

        ServiceRegistration<HealthCheck> failing = context.registerService(HealthCheck.class, new HealthCheck() {
            @Override
            public String name() {
                return "itest.store";
            }

            @Override
            public HealthStatus check() {
                return HealthStatus.down("the store is still opening");
            }
        }, null);
        try {
            HttpResponse<String> down = http.get("/health");
            assertEquals(503, down.statusCode());
            JsonNode body = Http.json(down);
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("itest.store", body.get("notReady").get(0).get("name").asText());
            assertEquals("the store is still opening", body.get("notReady").get(0).get("reason").asText());
        } finally {
            failing.unregister();
        }
        assertEquals(200, http.get("/health").statusCode());
    }
}
