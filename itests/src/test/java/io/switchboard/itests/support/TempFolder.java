package io.switchboard.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A folder of a test's own in the system's temporary folder, deleted with everything in it when
 * closed, so that no run leaves its runtime homes, jars and logs behind. Under Maven the system's
 * temporary folder is the module's {@code target/tmp} (see the root pom), which {@code mvn clean}
 * takes away with whatever a crashed run still left.
 * <p>
 * A process the test started must have ended before its folder is deleted (a
 * {@link RuntimeProcess} closed, say): it would otherwise go on writing into it.
 */
public final class TempFolder implements AutoCloseable {

    private final Path path;

    private TempFolder(Path path) {
        this.path = path;
    }

    /** A new, empty folder whose name starts with the prefix. */
    public static TempFolder create(String prefix) {
        return new TempFolder(createPath(prefix));
    }

    /**
     * A new folder that is deleted when this JVM exits: for the home of a Pax Exam framework,
     * whose JUnit 4 runner calls no {@code @AfterClass} and stops the framework only after the
     * test class, with no hook of the test's own after that.
     */
    public static Path untilExit(String prefix) {
        Path path = createPath(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(path), "delete " + path.getFileName()));
        return path;
    }

    private static Path createPath(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** A path in this folder. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the folder and everything in it; see {@link #delete(Path)}. */
    @Override
    public void close() {
        delete(path);
    }

    /**
     * Deletes a folder tree (or a file); one that is already gone is fine. What cannot be deleted
     * (a process still writes into it, say) is reported on standard error and left: cleaning up
     * must not fail a test, nor hide why it failed.
     */
    public static void delete(Path tree) {
        try {
            Files.walkFileTree(tree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // gone meanwhile, or never made
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(folder);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete the temporary folder " + tree + ": " + e);
        }
    }
}
