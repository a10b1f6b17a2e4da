package io.switchboard.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pax Exam options for a named set of features, read from the same Sling Feature Model files the
 * runtime starts from: the bundles (from the distribution's system/ repository) at their start
 * levels, and the features' framework properties. A test framework therefore boots what ships.
 */
public final class FeatureOptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureOptions() {
    }

    /**
     * A whole test framework: the features' bundles in a fresh home (deleted when the JVM exits, see
     * {@link TempFolder#untilExit}), HTTP on a free port of 127.0.0.1 (read it back inside the test
     * with {@link #httpPort}), and Pax Exam's JUnit bundles.
     */
    public static Option[] framework(String... featureNames) throws IOException {
        Path home = TempFolder.untilExit("switchboard-itest");
        return org.ops4j.pax.exam.CoreOptions.options(
                org.ops4j.pax.exam.CoreOptions.composite(of(home, featureNames)),
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(FreePort.pick())),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                org.ops4j.pax.exam.CoreOptions.junitBundles());
    }

    /** The HTTP port the framework was configured with; call it inside the framework, where the test runs. */
    public static int httpPort(org.osgi.framework.BundleContext context) {
        return Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
    }

    /**
     * @param home        a folder to stand in for the runtime's home (framework property switchboard.home)
     * @param featureNames the features, e.g. "core" (with "insecure" added when "security" is not named, as the launcher does)
     */
    public static Option[] of(Path home, String... featureNames) {
        List<Option> options = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        options.add(frameworkProperty("switchboard.home").value(home.toString()));
        for (String name : started(featureNames)) {
            JsonNode feature = read(Distribution.featureFile(name));
            for (JsonNode entry : feature.path("bundles")) {
                String id = entry.isTextual() ? entry.asText() : entry.get("id").asText();
                int level = entry.has("start-order") ? Integer.parseInt(entry.get("start-order").asText()) : 10;
                if (seen.add(id)) {
                    options.add(bundle(jarOf(id).toUri().toString()).startLevel(level));
                }
            }
            for (Map.Entry<String, JsonNode> property : feature.path("framework-properties").properties()) {
                String value = property.getValue().asText().replace("${switchboard.home}", home.toString());
                if (property.getKey().equals("org.osgi.framework.startlevel.beginning")) {
                    options.add(frameworkStartLevel(Integer.parseInt(value)));
                } else {
                    options.add(frameworkProperty(property.getKey()).value(value));
                }
            }
        }
        return options.toArray(new Option[0]);
    }

    /**
     * The features a runtime starts for these names, as the launcher decides: without
     * {@code security}, the {@code insecure} development mode's permit-all authorizers too (the
     * edges refuse everything without an authorizer).
     */
    public static List<String> started(String... featureNames) {
        List<String> names = new ArrayList<>(List.of(featureNames));
        if (!names.contains("security") && !names.contains("insecure")) {
            names.add("insecure");
        }
        return names;
    }

    /** The jar of an artifact id (groupId:artifactId:version) in the distribution's Maven-layout system/ folder. */
    public static Path jarOf(String id) {
        String[] parts = id.split(":");
        Path jar = Distribution.system().resolve(parts[0].replace('.', '/')).resolve(parts[1]).resolve(parts[2])
                .resolve(parts[1] + "-" + parts[2] + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("feature bundle " + id + " is not in the distribution: " + jar);
        }
        return jar;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
