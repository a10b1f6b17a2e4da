package io.switchboard.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Waits until the runtime says it is ready, by the same test a user would make: {@code /health}
 * answers 200. The HTTP address comes from the HTTP runtime's own registration, so a port of 0
 * (any free port) works too.
 */
final class Readiness {

    /** The outcome: the base URL (when HTTP came up) and the last health answer. */
    record Result(String baseUrl, boolean ready, String lastAnswer) {
    }

    private static final String HTTP_RUNTIME_FILTER = "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)";
    private static final Duration POLL = Duration.ofMillis(50);

    private final BundleContext context;
    private final String host;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Readiness(BundleContext context, String host) {
        this.context = context;
        this.host = host;
    }

    Result await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String baseUrl = null;
        String lastAnswer = "HTTP is not up yet";
        while (System.nanoTime() < deadline) {
            if (!running()) {
                return new Result(baseUrl, false, "the runtime stopped");
            }
            if (baseUrl == null) {
                baseUrl = endpoint();
            }
            if (baseUrl != null) {
                try {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "health")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    lastAnswer = response.statusCode() + " " + response.body();
                    if (response.statusCode() == 200) {
                        return new Result(baseUrl, true, lastAnswer);
                    }
                } catch (IOException e) {
                    lastAnswer = "no answer from " + baseUrl + "health: " + e.getMessage();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Result(baseUrl, false, lastAnswer);
    }

    /** Whether the framework still runs: a bundle may have asked it to stop (ExitRequests). */
    private boolean running() {
        try {
            return (context.getBundle().getState() & (org.osgi.framework.Bundle.STARTING | org.osgi.framework.Bundle.ACTIVE)) != 0;
        } catch (IllegalStateException stopped) {
            return false;
        }
    }

    /** The plain HTTP endpoint the HTTP runtime announces, on an address the launcher can reach. */
    private String endpoint() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, HTTP_RUNTIME_FILTER);
            if (refs == null) {
                return null;
            }
            for (ServiceReference<?> ref : refs) {
                Object endpoints = ref.getProperty("osgi.http.endpoint");
                String[] all = endpoints instanceof String[] array ? array : endpoints instanceof String single ? new String[] {single} : new String[0];
                // The plain HTTP endpoint: the launcher checks health without trusting any certificate.
                for (String endpoint : all) {
                    if (endpoint.startsWith("http:")) {
                        return reachable(endpoint.endsWith("/") ? endpoint : endpoint + "/");
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IllegalStateException e) {
            return null; // the framework is stopping
        }
        return null;
    }

    /**
     * The URL to reach the runtime at: the announced port on the configured address, or on
     * loopback when the runtime listens on every address (the announced host is then one
     * interface's address, which may not be reachable from here).
     */
    private String reachable(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + urlHost(host) + ":" + uri.getPort() + "/";
    }

    /** The configured listening address as a URL's host: loopback for a wildcard, an IPv6 literal in brackets. */
    static String urlHost(String host) {
        boolean wildcard = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        return wildcard ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
