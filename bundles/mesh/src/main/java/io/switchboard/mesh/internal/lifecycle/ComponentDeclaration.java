package io.switchboard.mesh.internal.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.semver4j.Semver;

import io.switchboard.api.errors.SwitchboardException;
import io.switchboard.api.mesh.MeshComponent;
import io.switchboard.mesh.internal.exchange.ExchangeMethods;
import io.switchboard.mesh.internal.happn.DeclaredDependency;
import io.switchboard.mesh.internal.version.Versions;

/**
 * A component as its class declares it, checked: a valid version, parseable ranges, methods that
 * can be told apart.
 *
 * @param owner who supplied it, for log lines (a bundle, a test)
 */
public record ComponentDeclaration(String name, String version, Semver semver, Class<?> type, ExchangeMethods methods,
        List<String> events, List<DeclaredDependency> dependencies, String owner) {

    /**
     * @param defaultVersion the bundle's version, used unless the annotation declares one
     * @throws SwitchboardException {@code mesh.invalid-component} naming the class, with what is wrong
     */
    public static ComponentDeclaration read(Class<?> type, String defaultVersion, String owner) {
        MeshComponent declared = type.getAnnotation(MeshComponent.class);
        if (declared == null) {
            throw invalid(type, owner, "it has no @MeshComponent annotation");
        }
        String version = declared.version().isBlank() ? defaultVersion : declared.version();
        String label = declared.name() + "@" + version;
        try {
            if (declared.name().isBlank() || !declared.name().matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw invalid(type, owner, "'" + declared.name() + "' is not a component name (a letter, then letters, digits, '_' or '-')");
            }
            Semver semver = Versions.parse(version);
            List<DeclaredDependency> dependencies = new ArrayList<>();
            for (String dependency : declared.dependencies()) {
                dependencies.add(DeclaredDependency.parse(dependency, false));
            }
            for (String dependency : declared.optionalDependencies()) {
                dependencies.add(DeclaredDependency.parse(dependency, true));
            }
            ExchangeMethods methods = ExchangeMethods.of(type, declared.api());
            return new ComponentDeclaration(declared.name(), semver.getVersion(), semver, type, methods,
                    Arrays.asList(declared.events()), List.copyOf(dependencies), owner);
        } catch (SwitchboardException | IllegalArgumentException e) {
            throw e instanceof SwitchboardException s && s.code().equals("mesh.invalid-component") ? s
                    : invalid(type, owner, label + ": " + e.getMessage());
        }
    }

    private static SwitchboardException invalid(Class<?> type, String owner, String why) {
        return new SwitchboardException("mesh.invalid-component", "component " + type.getName() + " in " + owner + " cannot run: " + why);
    }

    public String label() {
        return name + "@" + version;
    }
}
