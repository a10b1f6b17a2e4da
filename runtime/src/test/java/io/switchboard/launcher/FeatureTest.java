package io.switchboard.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureTest {

    @TempDir
    Path dir;

    @Test
    void readsBundlesWithStartLevelsAndFrameworkProperties() throws Exception {
        Files.writeString(dir.resolve("core.json"), """
                {
                  "bundles": [
                    {"id": "org.slf4j:slf4j-api:2.0.17", "start-order": "2"},
                    "com.example:plain:1.0.0",
                    {"id": "com.example:extra:zip:native:1.2.3"}
                  ],
                  "framework-properties": {"a.b": "c"}
                }
                """);
        Feature feature = Feature.readAll(dir, List.of("core")).get(0);
        assertEquals(List.of(new FeatureBundle("org.slf4j:slf4j-api:2.0.17", 2),
                new FeatureBundle("com.example:plain:1.0.0", Feature.DEFAULT_START_LEVEL),
                new FeatureBundle("com.example:extra:zip:native:1.2.3", Feature.DEFAULT_START_LEVEL)), feature.bundles());
        assertEquals("c", feature.frameworkProperties().get("a.b"));
    }

    @Test
    void bundlesAreFoundInMavenLayout() {
        Path repo = Path.of("/dist/system");
        assertEquals(repo.resolve("org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar"),
                new FeatureBundle("org.slf4j:slf4j-api:2.0.17", 2).pathIn(repo));
        assertEquals(repo.resolve("com/example/extra/1.2.3/extra-1.2.3-native.zip"),
                new FeatureBundle("com.example:extra:zip:native:1.2.3", 2).pathIn(repo));
        assertThrows(IllegalArgumentException.class, () -> new FeatureBundle("nonsense", 1).pathIn(repo));
    }

    @Test
    void anUnknownFeatureIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Feature.readAll(dir, List.of("nope")));
        assertTrue(e.getMessage().contains("unknown feature 'nope'"));
    }

    @Test
    void brokenJsonNamesTheFeature() throws IOException {
        Files.writeString(dir.resolve("bad.json"), "{ not json");
        IOException e = assertThrows(IOException.class, () -> Feature.readAll(dir, List.of("bad")));
        assertTrue(e.getMessage().contains("feature 'bad'"));
    }
}
