package org.ialam.driver.quality;

import java.io.File;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real MNIST files are for tests: {@code $MNIST_DIR}, else {@code data/mnist} or {@code ../shared/data/mnist}
 * relative to the repository. Absent files skip the test, unless {@code IALAM_REQUIRE_MNIST=1} (CI), where they fail it.
 */
final class MnistFiles {
    private MnistFiles() {
    }

    static String directory() {
        String env = System.getenv("MNIST_DIR");
        File root = new File(System.getProperty("user.dir")).getAbsoluteFile();
        if (new File(root, "pom.xml").exists() && new File(root.getParentFile(), "pom.xml").exists()) {
            root = root.getParentFile();   // surefire runs in the module directory
        }
        String[] candidates = {env, new File(root, "data/mnist").getPath(), new File(root, "../shared/data/mnist").getPath()};
        for (String c : candidates) {
            if (c != null && (new File(c, "train-images-idx3-ubyte.gz").exists() || new File(c, "train-images-idx3-ubyte").exists())) {
                return c;
            }
        }
        if ("1".equals(System.getenv("IALAM_REQUIRE_MNIST"))) {
            throw new AssertionError("MNIST required (IALAM_REQUIRE_MNIST=1) but not found in $MNIST_DIR, data/mnist or ../shared/data/mnist");
        }
        Assumptions.abort("MNIST files not found: set MNIST_DIR");
        return null;
    }
}
