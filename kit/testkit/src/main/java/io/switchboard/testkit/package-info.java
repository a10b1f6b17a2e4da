/**
 * The component test kit: {@link io.switchboard.testkit.TestMesh} runs components in one JVM on the runtime's
 * own mesh, so a component's unit tests exercise its routing (versions, ranges), its events ({@code any} and
 * {@code all}), its data and who its callers are ({@code Origin}) without starting a runtime;
 * {@link io.switchboard.testkit.TestMeshExtension} hands a fresh one to each JUnit 5 test.
 */
@Export
@Version("1.0.0")
package io.switchboard.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
