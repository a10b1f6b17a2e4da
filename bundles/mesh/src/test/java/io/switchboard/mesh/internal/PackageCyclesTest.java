package io.switchboard.mesh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The mesh's packages depend on each other one way only (issue 12 item 9): the lifecycle, event and
 * happn packages get narrow collaborators ({@code LauncherParts}, {@code HappnParts}, suppliers of
 * the settings they read), never the {@link MeshCore} that wires them. Read with the JDK's jdeps
 * from the compiled classes, so a new import that closes a loop fails here, not in review.
 */
class PackageCyclesTest {

    private static final String MESH = "io.switchboard.mesh";

    @Test
    void theMeshsPackagesFormNoCycle() throws Exception {
        Path classes = Path.of(MeshCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Set<String>> uses = packageDependencies(classes);
        assertTrue(uses.containsKey(MESH + ".internal.lifecycle"), "jdeps read the mesh's classes: " + uses.keySet());
        assertEquals(List.of(), cycles(uses), "packages that depend on each other");
    }

    /** The behaviour suites and their SPI reach the mesh through components-api and its exported types only, so they run on a cluster too. */
    @Test
    void theBehaviourSuitesUseNoInternalClassOfTheMesh() throws Exception {
        Path testClasses = Path.of(io.switchboard.mesh.suite.MeshFixture.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> suite = packageDependencies(testClasses).get(MESH + ".suite");
        assertTrue(suite != null && suite.contains(MESH), "jdeps read the suite's classes: " + suite);
        assertEquals(List.of(), suite.stream().filter(used -> used.startsWith(MESH + ".internal")).toList());
    }

    private static Map<String, Set<String>> packageDependencies(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none",
                classes.toString());
        assertEquals(0, status, out.toString());
        Map<String, Set<String>> uses = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            String[] words = line.trim().split("\\s+");
            // "   io.switchboard.mesh.internal.lifecycle   -> io.switchboard.mesh.internal.happn   classes"
            if (words.length >= 3 && words[1].equals("->") && words[0].startsWith(MESH) && words[2].startsWith(MESH)
                    && !words[0].equals(words[2])) {
                uses.computeIfAbsent(words[0], k -> new TreeSet<>()).add(words[2]);
            }
        }
        return uses;
    }

    /** Strongly connected groups of more than one package (Tarjan's algorithm). */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Tarjan tarjan = new Tarjan(uses);
        new TreeSet<>(uses.keySet()).forEach(tarjan::visit);
        return tarjan.cycles;
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> uses;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<Set<String>> cycles = new ArrayList<>();

        Tarjan(Map<String, Set<String>> uses) {
            this.uses = uses;
        }

        void visit(String at) {
            if (index.containsKey(at)) {
                return;
            }
            index.put(at, index.size());
            low.put(at, index.get(at));
            stack.add(at);
            onStack.add(at);
            for (String next : uses.getOrDefault(at, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(at, Math.min(low.get(at), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(at, Math.min(low.get(at), index.get(next)));
                }
            }
            if (low.get(at).equals(index.get(at))) {
                Set<String> group = new TreeSet<>();
                String member;
                do {
                    member = stack.remove(stack.size() - 1);
                    onStack.remove(member);
                    group.add(member);
                } while (!member.equals(at));
                if (group.size() > 1) {
                    cycles.add(group);
                }
            }
        }
    }
}
