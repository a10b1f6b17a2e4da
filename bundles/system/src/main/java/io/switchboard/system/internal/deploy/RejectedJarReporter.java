package io.switchboard.system.internal.deploy;

import java.io.File;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says clearly why a jar in {@code deploy/} was not installed.
 *
 * <p>FileInstall passes over a corrupt jar or a plain (non-bundle) jar without a word, which leaves
 * an operator guessing. This installer claims exactly those files, so FileInstall hands them here
 * instead of dropping them, and logs one warning per change of the file. It installs nothing: the
 * runtime and the other bundles are untouched.
 */
@Component(service = ArtifactInstaller.class)
public final class RejectedJarReporter implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger("io.switchboard.deploy");

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && DeployedJarInspector.problemWith(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        report(artifact);
    }

    @Override
    public void update(File artifact) {
        report(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("deploy: {} was removed (it had not been installed)", artifact);
    }

    private static void report(File artifact) {
        DeployedJarInspector.problemWith(artifact).ifPresent(reason ->
                LOG.warn("deploy: {} was not installed: {}", artifact, reason));
    }
}
