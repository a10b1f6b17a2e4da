package io.switchboard.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A named set of bundles and the framework properties they need, read from an Apache Sling
 * Feature Model file. The same files drive the build's checks, this launcher and the tests.
 *
 * <p>Only the parts of the model the runtime uses are read: {@code bundles} (string ids, or
 * objects with {@code id} and {@code start-order}) and {@code framework-properties}.
 */
record Feature(String name, List<FeatureBundle> bundles, Map<String, String> frameworkProperties) {

    /** Start level of a bundle whose feature names none. */
    static final int DEFAULT_START_LEVEL = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    static Feature read(String name, Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("feature '" + name + "' (" + file + ") is not valid JSON: " + e.getMessage(), e);
        }
        List<FeatureBundle> bundles = new ArrayList<>();
        for (JsonNode entry : root.path("bundles")) {
            if (entry.isTextual()) {
                bundles.add(new FeatureBundle(entry.asText(), DEFAULT_START_LEVEL));
            } else if (entry.hasNonNull("id")) {
                int level = entry.has("start-order") ? Integer.parseInt(entry.get("start-order").asText().trim()) : DEFAULT_START_LEVEL;
                bundles.add(new FeatureBundle(entry.get("id").asText(), level));
            } else {
                throw new IOException("feature '" + name + "' has a bundle without an id: " + entry);
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        root.path("framework-properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
        return new Feature(name, bundles, properties);
    }

    /** Reads the named features from a folder of {@code <name>.json} files, in the order given. */
    static List<Feature> readAll(Path folder, List<String> names) throws IOException, UsageException {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            Path file = folder.resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                throw new UsageException("unknown feature '" + name + "': no " + file);
            }
            features.add(read(name, file));
        }
        return features;
    }
}
