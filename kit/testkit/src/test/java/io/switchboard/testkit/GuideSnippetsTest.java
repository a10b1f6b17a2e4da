package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/components.md copies its Java and XML snippets from sources the build compiles and runs (the
 * archetype's project, the example components, the kit's tests, the kit's poms): every line of
 * every such snippet must still be a line of one of them, so that a snippet that no longer
 * compiles, or no longer says what the code does, fails here.
 */
class GuideSnippetsTest {

    private static final Path ROOT = Path.of("../..");
    /** The archetype's templates as the generated project has them, with the guide's names. */
    private static final Map<String, String> GENERATED = Map.of("${package}", "com.example.reports", "${componentName}", "deviceReport",
            "${className}", "DeviceReport", "${switchboardVersion}", "0.1.0-SNAPSHOT");

    private static Set<String> sourceLines() throws IOException {
        Set<String> lines = new HashSet<>();
        for (Path source : List.of(ROOT.resolve("kit/archetype/src/main/resources/archetype-resources"), ROOT.resolve("example-components"),
                ROOT.resolve("kit/testkit/src/test/java"), ROOT.resolve("kit/component-parent"), ROOT.resolve("kit/bom"))) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".xml"))
                        .filter(f -> !f.toString().contains("/target/")).toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    for (Map.Entry<String, String> name : GENERATED.entrySet()) {
                        text = text.replace(name.getKey(), name.getValue());
                    }
                    text.lines().map(String::trim).forEach(lines::add);
                }
            }
        }
        return lines;
    }

    @Test
    void everyJavaAndXmlLineOfTheGuideIsALineOfACompiledSource() throws IOException {
        Set<String> sources = sourceLines();
        List<String> guide = Files.readAllLines(ROOT.resolve("docs/components.md"), StandardCharsets.UTF_8);
        List<String> strays = new ArrayList<>();
        int snippets = 0;
        boolean checked = false;
        for (int i = 0; i < guide.size(); i++) {
            String line = guide.get(i).trim();
            if (line.startsWith("```")) {
                checked = !checked && (line.equals("```java") || line.equals("```xml"));
                snippets += checked ? 1 : 0;
            } else if (checked && !line.isEmpty() && !sources.contains(line)) {
                strays.add("docs/components.md:" + (i + 1) + ": " + line);
            }
        }
        assertEquals(List.of(), strays, "lines of the guide's snippets found in no source");
        assertTrue(snippets >= 15, "the guide's Java and XML snippets: " + snippets);
    }
}
