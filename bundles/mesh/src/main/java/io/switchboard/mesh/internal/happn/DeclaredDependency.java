package io.switchboard.mesh.internal.happn;

import io.switchboard.mesh.internal.version.SemverRange;

/** A component this one declared it needs: by name, with the versions it accepts. */
public record DeclaredDependency(String component, SemverRange range, boolean optional) {

    /** Parses {@code "name range"}, e.g. {@code "deviceManager ^1.0.0"}. */
    public static DeclaredDependency parse(String declaration, boolean optional) {
        String trimmed = declaration == null ? "" : declaration.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            throw new io.switchboard.api.errors.SwitchboardException(io.switchboard.api.mesh.MeshErrors.INVALID_RANGE,
                    "dependency '" + declaration + "' must be written as \"name range\", for example \"deviceManager ^1.0.0\"");
        }
        return new DeclaredDependency(trimmed.substring(0, space), SemverRange.parse(trimmed.substring(space + 1)), optional);
    }

    @Override
    public String toString() {
        return component + " " + range + (optional ? " (optional)" : "");
    }
}
