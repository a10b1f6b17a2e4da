package io.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Makes the framework's installed bundles match the features: installs what is missing, updates
 * what was rebuilt, uninstalls what no feature names any more, and marks each to start at its
 * level. It runs after the framework is initialised and before it starts, so a warm start keeps
 * the framework's storage (and the bundles' state) and only applies the difference.
 *
 * <p>Only bundles it installed itself (location {@code switchboard:...}) are touched; bundles from
 * {@code deploy/} belong to FileInstall.
 */
final class Provisioner {

    private final BundleContext context;
    private final Path repository;

    Provisioner(BundleContext context, Path repository) {
        this.context = context;
        this.repository = repository;
    }

    /** Returns a line per change, for the log. */
    List<String> apply(List<Feature> features) throws IOException, BundleException, InterruptedException {
        List<String> changes = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        List<Bundle> stale = new ArrayList<>();
        for (Feature feature : features) {
            for (FeatureBundle spec : feature.bundles()) {
                if (!wanted.add(spec.location())) {
                    continue; // two features may name the same bundle
                }
                Path jar = spec.pathIn(repository);
                if (!Files.isRegularFile(jar)) {
                    throw new IOException("feature '" + feature.name() + "' names " + spec.id() + " but " + jar + " is missing");
                }
                Bundle bundle = context.getBundle(spec.location());
                if (bundle == null) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        bundle = context.installBundle(spec.location(), in);
                    }
                    changes.add("installed " + spec.id());
                } else if (Files.getLastModifiedTime(jar).toMillis() > bundle.getLastModified()) {
                    try (InputStream in = Files.newInputStream(jar)) {
                        bundle.update(in);
                    }
                    stale.add(bundle);
                    changes.add("updated " + spec.id());
                }
                markToStart(bundle, spec.startLevel());
            }
        }
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(FeatureBundle.LOCATION_PREFIX) && !wanted.contains(bundle.getLocation())) {
                bundle.uninstall();
                stale.add(bundle);
                changes.add("uninstalled " + bundle.getLocation().substring(FeatureBundle.LOCATION_PREFIX.length()));
            }
        }
        if (!stale.isEmpty()) {
            refresh();
        }
        return changes;
    }

    private static void markToStart(Bundle bundle, int startLevel) throws BundleException {
        bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel);
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        if (!fragment) {
            // Before the framework starts this only records the intent; the start level starts it.
            bundle.start(Bundle.START_ACTIVATION_POLICY);
        }
    }

    /** Lets updated and uninstalled bundles' old revisions go, so nothing keeps wiring to them. */
    private void refresh() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        };
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, listener);
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("refreshing bundles did not finish within 60 s");
        }
    }
}
