package org.ialam.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM sent SIGTERM in the middle of a run says so in one line, without reporting the interrupted job as a
 * failure with its stack trace (Spark's shutdown hook stops the context under the running job: a consequence, not
 * the cause), exits with the signal's status and leaves no output directory.
 */
class SignalStopTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermEndsTheRunWithOneLineAndNoOutput() throws Exception {
        Path checkpoints = tmp.resolve("checkpoints");
        Path log = tmp.resolve("child.log");
        String[] problem = {"train", "--synthetic", "--synthetic-teacher", "30,20,5", "--synthetic-samples", "3000",
            "--max-inner", "10", "--max-outer", "200", "--inner-tol", "0", "--partitions", "2"};
        Process child = TrainingProcess.start(log, TrainingProcess.childArguments(tmp, problem,
                "--checkpoint-dir", checkpoints.toString(), "--out", tmp.resolve("out").toString()));
        int exit;
        try {
            TrainingProcess.awaitWhileRunning(child, checkpoints.resolve("ckpt-000001"), log);
            child.destroy();   // SIGTERM on Linux: the shutdown hooks run
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end within 60 s of SIGTERM");
            exit = child.exitValue();
        } finally {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(128 + 15, exit, output);
        assertTrue(output.contains("error: stopped by a signal;"), output);
        // the job the signal interrupted is not reported as a failure of its own
        assertFalse(output.contains("error: org.apache.spark"), "the interrupted job was reported:\n" + output);
        assertFalse(output.contains("at org.ialam.driver.cli.Main"), "our stack trace was printed:\n" + output);
        assertFalse(Files.exists(tmp.resolve("out")), "a stopped run must leave no output directory");
        // the notice is the run's last word: no progress line of an iteration that finished during the shutdown
        String afterNotice = output.substring(output.indexOf("error: stopped by a signal;"));
        assertFalse(afterNotice.lines().anyMatch(l -> l.startsWith("outer ")),
                "a progress line followed the notice:\n" + output);
    }
}
