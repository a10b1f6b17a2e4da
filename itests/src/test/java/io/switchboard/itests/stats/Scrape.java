package io.switchboard.itests.stats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code GET /metrics} as a Prometheus server would, and the metrics docs/metrics.md promises. */
final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| `((?:switchboard|jvm|process|system)_[a-z_]+)`");

    private Scrape() {
    }

    /** {@code GET /metrics} with this bearer token (none when null). */
    static HttpResponse<String> get(int port, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code POST /api/login}. */
    static HttpResponse<String> login(int port, String username, String password) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The samples of a Prometheus text exposition, {@code name{labels}} to value; fails on a line
     * that is neither a comment nor a sample.
     */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 1) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The value of the one sample of {@code family} whose labels include all of {@code labels} ({@code key="value"}); 0 when none. */
    static double value(Map<String, Double> samples, String family, String... labels) {
        double found = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (!(key.equals(family) || key.startsWith(family + "{"))) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                found += sample.getValue();
            }
        }
        return found;
    }

    /** Whether a family (a timer's {@code _count} and {@code _sum} included) has a sample. */
    static boolean present(Map<String, Double> samples, String family) {
        return samples.keySet().stream().anyMatch(key -> key.equals(family) || key.startsWith(family + "{") || key.startsWith(family + "_"));
    }

    /** Every metric name docs/metrics.md lists in its tables (a row starting with a name in backquotes). */
    static List<String> documented() {
        try {
            String doc = Files.readString(Path.of("../docs/metrics.md"));
            Matcher matcher = DOCUMENTED.matcher(doc);
            List<String> names = matcher.results().map(result -> result.group(1)).toList();
            if (names.size() < 10) {
                throw new AssertionError("docs/metrics.md lists " + names.size() + " metrics; its tables were not found");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
