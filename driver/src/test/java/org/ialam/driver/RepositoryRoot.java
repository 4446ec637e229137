package org.ialam.driver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in, for tests of its scripts: Maven runs them in {@code driver/}, an IDE maybe elsewhere. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    /** The nearest directory at or above the working directory that holds {@code script} (e.g. {@code scripts/x.sh}). */
    public static Path holding(String script) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(script))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no " + script + " above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
