package io.switchboard.mesh.internal.registry;

import org.semver4j.Semver;

import io.switchboard.mesh.Instance;

/** An instance with its version parsed once. */
public record Registered(Instance instance, Semver version) {
}
