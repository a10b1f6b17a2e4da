package io.switchboard.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ManifestClausesTest {

    @Test
    void quotedValuesKeepTheirCommasAndSemicolons() {
        List<ManifestClauses.Clause> clauses = ManifestClauses.parse("io.switchboard.mesh.component;class=\"a.B\";"
                + "events:List<String>=\"alert,popups/alert/*\";name=deviceManager,osgi.extender;filter:=\"(x=y;z)\"");
        assertEquals(2, clauses.size());
        assertEquals(List.of("io.switchboard.mesh.component"), clauses.get(0).names());
        assertEquals(Map.of("class", "a.B", "events", "alert,popups/alert/*", "name", "deviceManager"), clauses.get(0).parameters());
        assertEquals(Map.of("filter", "(x=y;z)"), clauses.get(1).parameters());
    }

    @Test
    void aClauseMayNameSeveralPackages() {
        List<ManifestClauses.Clause> clauses = ManifestClauses.parse("a.b;c.d;version=\"[1.0,2)\",e.f");
        assertEquals(List.of("a.b", "c.d"), clauses.get(0).names());
        assertEquals(List.of("e.f"), clauses.get(1).names());
        assertEquals(List.of(), ManifestClauses.parse(null));
    }
}
