package io.switchboard.mesh.internal.version;

import org.semver4j.Semver;

import io.switchboard.api.errors.SwitchboardException;

/** Parses component versions with semver4j. */
public final class Versions {

    private Versions() {
    }

    /**
     * @throws SwitchboardException {@code mesh.invalid-version} when the text is not {@code major.minor.patch[-pre][+build]}
     */
    public static Semver parse(String text) {
        Semver version = text == null ? null : Semver.parse(text.trim());
        if (version == null) {
            throw new SwitchboardException("mesh.invalid-version",
                    "'" + text + "' is not a semantic version (major.minor.patch, for example 1.2.0)");
        }
        return version;
    }

    /** An OSGi bundle version as a semantic version: the qualifier is not part of it. */
    public static String ofBundle(org.osgi.framework.Version version) {
        return version.getMajor() + "." + version.getMinor() + "." + version.getMicro();
    }
}
