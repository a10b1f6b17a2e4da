package io.switchboard.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
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

import io.switchboard.itests.support.Await;
import io.switchboard.itests.support.FeatureOptions;
import io.switchboard.itests.support.Http;
import jakarta.servlet.Servlet;
import io.switchboard.system.access.Access;
import io.switchboard.system.http.ApiEndpoint;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Issue 11, item 10: a servlet under /api/ that throws (here one of the test's own, as a component
 * could register) answers the JSON error format with a reference, never an HTML page or a Java class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServletFailureOsgiTest {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return FeatureOptions.framework("core");
    }

    /** Fails the way a bug does: an exception that names internals, or a recursion that never ends. */
    private static final class Failing extends HttpServlet implements ApiEndpoint {
        private static final long serialVersionUID = 1L;

        @Override
        public Access access(HttpServletRequest request) {
            return Access.anyone(); // what is under test is the failure, not the gate
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            if (request.getRequestURI().endsWith("/deep")) {
                recurse(0);
            }
            throw new IllegalStateException("io.switchboard.secret.Internals broke at /etc/shadow");
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    @Test
    public void aFailingServletAnswersJsonWithAReferenceAndNoJavaClass() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", "/api/itest-failing/*");
        ServiceRegistration<Servlet> registration = context.registerService(Servlet.class, new Failing(), properties);
        try {
            Http http = new Http(FeatureOptions.httpPort(context));
            Await.until("the servlet is served", Duration.ofSeconds(30), () -> http.get("/api/itest-failing/x").statusCode() == 500);
            for (String path : new String[] {"/api/itest-failing/x", "/api/itest-failing/deep"}) {
                HttpResponse<String> failed = http.get(path);
                assertEquals(path, 500, failed.statusCode());
                assertTrue(failed.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
                assertEquals("http.internal-error", Http.json(failed).get("error").get("code").asText());
                String message = Http.json(failed).get("error").get("message").asText();
                assertTrue(message, message.matches("the server failed to answer this request \\(reference e-[0-9a-f]{12}\\)"));
                assertFalse(failed.body(), failed.body().contains("Exception") || failed.body().contains("Error")
                        || failed.body().contains("secret") || failed.body().contains("<html"));
            }
        } finally {
            registration.unregister();
        }
    }
}
