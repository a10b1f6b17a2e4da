package io.switchboard.bench.mesh;

import java.util.ArrayList;
import java.util.List;

import io.switchboard.api.mesh.Happn;
import io.switchboard.mesh.internal.MeshCore;
import io.switchboard.mesh.internal.MeshSettings;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.lifecycle.ComponentDeclaration;
import io.switchboard.mesh.internal.version.Versions;

/** A mesh node in the benchmark's JVM, and components started on it without OSGi. */
final class MeshBench implements AutoCloseable {

    final MeshCore core = new MeshCore(MeshSettings.defaults());

    void start(Class<?> type, String version) {
        core.launcher().offer(ComponentDeclaration.read(type, version, "benchmark"));
    }

    Happn handle(String name, String version, String... dependencies) {
        List<DeclaredDependency> declared = new ArrayList<>();
        for (String dependency : dependencies) {
            declared.add(DeclaredDependency.parse(dependency, false));
        }
        Components.Handle.LAST.remove();
        core.launcher().offer(new ComponentDeclaration(name, version, Versions.parse(version), Components.Handle.class,
                ExchangeMethods.of(Components.Handle.class, new Class<?>[0]), List.of(), List.copyOf(declared), "benchmark"));
        Happn happn = Components.Handle.LAST.get();
        if (happn == null) {
            throw new IllegalStateException(name + " did not start: " + core.describe());
        }
        return happn;
    }

    @Override
    public void close() {
        core.close();
    }
}
