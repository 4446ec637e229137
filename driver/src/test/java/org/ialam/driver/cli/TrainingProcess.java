package org.ialam.driver.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.ialam.driver.output.ModelFiles;
import org.ialam.ops.NetworkWeights;

/**
 * A training in a JVM of its own, started from the test JVM's classpath and module options, for tests that signal it
 * or start it with JVM options of their own; and what those tests share.
 */
final class TrainingProcess {
    private TrainingProcess() {
    }

    /** Starts {@code Main} with {@code args}; stdout and stderr go to {@code log}. */
    static Process start(Path log, List<String> args) throws IOException {
        return start(log, List.of(), args);
    }

    /** Starts {@code Main} with {@code args} in a JVM given {@code jvmOptions} too; stdout and stderr go to {@code log}. */
    static Process start(Path log, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.addAll(Arrays.asList(System.getProperty("ialam.jvm.options", "").trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The child's arguments: {@code problem}, on {@code local[2]} without the UI and with Spark's scratch space
     * ({@code spark.local.dir}) in {@link #sparkScratch}{@code (testDir)}, then {@code more}. A child killed with
     * SIGKILL runs no shutdown hook, and would otherwise leave its {@code blockmgr-*} and {@code spark-*} directories
     * in the machine's temporary directory, one pair per test run; in the test's own directory JUnit removes them.
     */
    static List<String> childArguments(Path testDir, String[] problem, String... more) {
        List<String> args = new ArrayList<>(Arrays.asList(problem));
        args.addAll(List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.local.dir=" + sparkScratch(testDir)));
        args.addAll(Arrays.asList(more));
        return args;
    }

    /** Where {@link #childArguments} puts the child's Spark scratch space. */
    static Path sparkScratch(Path testDir) {
        return testDir.resolve("spark-local");
    }

    /** {@code a} followed by {@code b}. */
    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** ||model − reference|| / ||reference|| of two saved models ({@code OUT/model} directories). */
    static double relativeModelDistance(Path model, Path reference) throws IOException {
        Configuration conf = new Configuration();
        NetworkWeights a = ModelFiles.read(new org.apache.hadoop.fs.Path(model.toString()), conf);
        NetworkWeights b = ModelFiles.read(new org.apache.hadoop.fs.Path(reference.toString()), conf);
        return a.distanceTo(b) / b.norm();
    }

    /** Waits (at most 180 s) until {@code file} exists, and asserts that it does and that {@code child} still runs. */
    static void awaitWhileRunning(Process child, Path file, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(file) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(file), "no " + file.getFileName() + "; child log:\n" + Files.readString(log));
        assertTrue(child.isAlive(), "the child finished before it could be stopped: make the problem larger");
    }
}
