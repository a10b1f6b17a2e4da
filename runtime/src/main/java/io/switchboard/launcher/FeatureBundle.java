package io.switchboard.launcher;

import java.nio.file.Path;

/**
 * One bundle a feature names, by its Maven coordinates, and the start level it starts at.
 *
 * @param id         the Sling Feature Model artifact id: {@code groupId:artifactId:version}, or
 *                   {@code groupId:artifactId:type:classifier:version}
 * @param startLevel the OSGi start level (the feature file's {@code start-order})
 */
record FeatureBundle(String id, int startLevel) {

    /** How the location of every bundle the launcher installs from a feature begins. */
    static final String LOCATION_PREFIX = "switchboard:";

    /** The bundle's location in the framework; it names the artifact, not the file, so a rebuilt jar updates in place. */
    String location() {
        return LOCATION_PREFIX + id;
    }

    /** The jar in a Maven-layout repository such as the distribution's {@code system/}. */
    Path pathIn(Path repository) {
        String[] parts = id.split(":");
        String groupId;
        String artifactId;
        String version;
        String type = "jar";
        String classifier = null;
        if (parts.length == 3) {
            groupId = parts[0];
            artifactId = parts[1];
            version = parts[2];
        } else if (parts.length == 5) {
            groupId = parts[0];
            artifactId = parts[1];
            type = parts[2];
            classifier = parts[3];
            version = parts[4];
        } else {
            throw new IllegalArgumentException("not an artifact id (groupId:artifactId:version): " + id);
        }
        String file = artifactId + "-" + version + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(file);
    }
}
