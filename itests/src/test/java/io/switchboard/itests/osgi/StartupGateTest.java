package io.switchboard.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

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

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.Http;
import io.switchboard.system.health.HealthCheck;
import io.switchboard.system.health.HealthStatus;

/** Until the runtime is first ready, only /health is served; everything else is told to come back. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StartupGateTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FeatureOptions.framework("core", "edge");
    }

    @Test
    public void nothingButHealthIsServedUntilTheRuntimeIsFirstReady() {
        // Not ready yet: a store that is still opening, say. This test makes the framework's first requests.
        ServiceRegistration<HealthCheck> opening = context.registerService(HealthCheck.class, new HealthCheck() {
            @Override
            public String name() {
                return "itest.opening";
            }

            @Override
            public HealthStatus check() {
                return HealthStatus.down("still opening");
            }
        }, null);
        Http http = new Http(FeatureOptions.httpPort(context));
        Await.until("HTTP answers", Duration.ofSeconds(30), () -> http.get("/health").statusCode() == 503);
        HttpResponse<String> refused = http.get("/api/data/gate/x");
        assertEquals(503, refused.statusCode());
        assertEquals("system.starting", Http.json(refused).get("error").get("code").asText());
        assertEquals(503, http.get("/api/ws").statusCode());

        opening.unregister();
        Await.until("the gate opens once ready", Duration.ofSeconds(10), () -> http.get("/api/data/gate/x").statusCode() != 503);
        HttpResponse<String> served = http.get("/api/data/gate/x");
        assertEquals(404, served.statusCode());
        assertTrue(served.body().contains("data.not-found"));
    }
}
