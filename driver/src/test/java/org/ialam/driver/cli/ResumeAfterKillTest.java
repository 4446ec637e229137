package org.ialam.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ialam.driver.spark.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM killed with SIGKILL after its third checkpoint, resumed with {@code --resume}, ends with the model
 * of an uninterrupted run (to 1e-9) and a continuous metrics history; what the killed JVM could not clean up is in
 * the test's directory.
 */
class ResumeAfterKillTest {
    private static final String[] PROBLEM = {"train", "--synthetic", "--synthetic-teacher", "30,20,5",
        "--synthetic-samples", "3000", "--max-inner", "10", "--max-outer", "10", "--partitions", "2"};

    @TempDir
    Path tmp;

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Path checkpoints = tmp.resolve("checkpoints");
        List<String> args = TrainingProcess.childArguments(tmp, PROBLEM, "--checkpoint-dir", checkpoints.toString(),
                "--out", tmp.resolve("killed").toString());
        Process child = TrainingProcess.start(tmp.resolve("child.log"), args);
        try {
            TrainingProcess.awaitWhileRunning(child, checkpoints.resolve("ckpt-000003"), tmp.resolve("child.log"));
            child.destroyForcibly();   // SIGKILL on Linux: no shutdown hooks, no cleanup
            child.waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(!Files.exists(tmp.resolve("killed")), "a killed run must leave no output directory");
        // what the killed child could not clean up is in this test's directory, which JUnit removes, not in /tmp
        Path scratch = TrainingProcess.sparkScratch(tmp);
        assertTrue(Files.isDirectory(scratch), "the child's Spark scratch space is not in " + scratch);
        try (Stream<Path> left = Files.list(scratch)) {
            assertTrue(left.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-")),
                    "no blockmgr-* directory in " + scratch);
        }

        SharedSpark.context();
        TrainCommandTest.Run resumed = TrainCommandTest.run(TrainingProcess.concat(PROBLEM,
                "--resume", checkpoints.toString(), "--out", tmp.resolve("resumed").toString()));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("after outer iteration"), resumed.out());
        TrainCommandTest.Run straight = TrainCommandTest.run(TrainingProcess.concat(PROBLEM,
                "--out", tmp.resolve("straight").toString()));
        assertEquals(0, straight.exit(), straight.err());

        double relative = TrainingProcess.relativeModelDistance(tmp.resolve("resumed/model"),
                tmp.resolve("straight/model"));
        assertTrue(relative <= 1e-9, "resumed model differs by " + relative);

        List<String> resumedRows = Files.readAllLines(tmp.resolve("resumed/metrics.csv"));
        List<String> straightRows = Files.readAllLines(tmp.resolve("straight/metrics.csv"));
        assertEquals(straightRows.size(), resumedRows.size(), "metrics history length");
        for (int i = 1; i < resumedRows.size(); i++) {
            String[] r = resumedRows.get(i).split(",");
            String[] s = straightRows.get(i).split(",");
            assertEquals(Integer.toString(i), r[0], "k column is continuous");
            for (int c = 1; c < r.length - 1; c++) {   // all but seconds
                if (!s[c].isEmpty()) {
                    double x = Double.parseDouble(r[c]);
                    double y = Double.parseDouble(s[c]);
                    assertEquals(y, x, 1e-9 * Math.abs(y), "metrics row " + i + " column " + c);
                }
            }
        }
    }
}
