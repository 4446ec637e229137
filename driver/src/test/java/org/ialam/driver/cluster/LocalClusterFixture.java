package org.ialam.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.ialam.driver.RepositoryRoot;
import org.ialam.driver.cli.Main;
import org.ialam.driver.output.ModelFiles;
import org.ialam.driver.spark.SharedSpark;
import org.ialam.ops.NetworkWeights;

/**
 * What the cluster ITs share: a local standalone cluster of {@code scripts/local-cluster.sh} in its own directory
 * under {@code driver/target/}, submissions with {@code scripts/submit.sh}, a local-mode run of the same problem in
 * the test JVM, and the clean-up that stops every process a test started, also on failure (the test's
 * {@code finally} calls {@link #stop(Throwable)}; a JVM shutdown hook does the same as a last resort).
 *
 * <p>Linux only (bash scripts, /proc). Needs the packaged {@code -app} jar and the system properties that failsafe
 * sets (driver/pom.xml).
 */
final class LocalClusterFixture {
    static final long SCRIPT_TIMEOUT_SECONDS = 180;

    /** Exit code and output (stdout and stderr) of a script. */
    record Result(int exit, String output) {
    }

    final Path appJar;
    final Path root;
    /** The test's directory: driver/target/NAME, emptied by {@link #prepare}. */
    final Path work;
    /** The cluster's state directory, {@code work}/cluster. */
    final Path clusterDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final Thread lastResort;

    private LocalClusterFixture(String name) throws IOException {
        appJar = Path.of(required("ialam.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing: the IT runs after 'mvn package'");
        root = RepositoryRoot.holding("scripts/local-cluster.sh");
        work = appJar.getParent().resolve(name);
        clusterDir = work.resolve("cluster");
        env.put("IALAM_CLUSTER_DIR", clusterDir.toString());
        env.put("IALAM_APP_JAR", appJar.toString());
        env.put("IALAM_SPARK_CLASSPATH",
                Files.readString(Path.of(required("ialam.sparkClasspathFile")), StandardCharsets.UTF_8).trim());
        lastResort = new Thread(this::cleanUp, name + " cleanup");
    }

    /**
     * Empties driver/target/{@code name} (after stopping a cluster that a previous run which died left there) and
     * registers the last-resort shutdown hook. Call {@link #stop(Throwable)} in a {@code finally}.
     */
    static LocalClusterFixture prepare(String name) throws IOException {
        LocalClusterFixture fixture = new LocalClusterFixture(name);
        if (Files.isDirectory(fixture.clusterDir)) {
            fixture.script(fixture.work.resolve("stop-before.log"), "scripts/local-cluster.sh", "stop");
        }
        deleteRecursively(fixture.work);
        Files.createDirectories(fixture.work);
        Runtime.getRuntime().addShutdownHook(fixture.lastResort);
        return fixture;
    }

    /** {@code scripts/local-cluster.sh start}; asserts that it succeeded and returns the master URL. */
    String startCluster() throws IOException {
        Result start = script(work.resolve("start.log"), "scripts/local-cluster.sh", "start");
        assertEquals(0, start.exit, "local-cluster.sh start failed:\n" + start.output);
        String masterUrl = Files.readString(clusterDir.resolve("master-url")).trim();
        assertTrue(masterUrl.startsWith("spark://127.0.0.1:"), masterUrl);
        return masterUrl;
    }

    /**
     * {@code scripts/submit.sh} of {@code train} (a {@code train …} command line without --out) to the cluster with
     * Kryo and without the UI, output to {@code out}; the driver's output goes to {@code log}. Blocks until the
     * submission ends.
     */
    Result submit(Path log, List<String> train, Path out) {
        List<String> submit = new ArrayList<>(List.of("scripts/submit.sh", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer", "--"));
        submit.addAll(train.subList(1, train.size()));
        submit.addAll(List.of("--out", out.toString()));
        return script(log, submit.toArray(String[]::new));
    }

    /**
     * Trains {@code train} (without --out) in local mode in this JVM ({@code Main.run} on the shared context of
     * {@link SharedSpark}, Java serialization) on {@code thread}, output to {@code out}; the future fails if the run
     * does, and otherwise says how long it took.
     */
    static Future<String> trainLocally(ExecutorService thread, List<String> train, Path out) {
        return thread.submit(() -> {
            long start = System.nanoTime();
            SharedSpark.context();
            List<String> local = new ArrayList<>(train);
            local.addAll(List.of("--out", out.toString()));
            StringWriter stdout = new StringWriter();
            StringWriter stderr = new StringWriter();
            int exit = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                    local.toArray(String[]::new));
            assertEquals(0, exit, "local run failed:\n" + stdout + stderr);
            return String.format("local run %.1f s", (System.nanoTime() - start) / 1e9);
        });
    }

    /**
     * Asserts that the models in two run directories have the same shape and agree to {@code tolerance} relative
     * (Frobenius norm), with as many metrics.csv lines; returns ||W - W_reference|| / ||W_reference||.
     */
    static double assertSameModel(Path runDir, Path referenceRunDir, double tolerance, String what) throws IOException {
        NetworkWeights model = model(runDir);
        NetworkWeights reference = model(referenceRunDir);
        assertEquals(reference.shape(), model.shape());
        assertTrue(model.isFinite());
        double distance = model.distanceTo(reference);
        double scale = reference.norm();
        assertTrue(scale > 0);
        assertTrue(distance <= tolerance * scale, what + " differ: ||ΔW|| = " + distance + ", ||W|| = " + scale);
        assertEquals(Files.readAllLines(referenceRunDir.resolve("metrics.csv")).size(),
                Files.readAllLines(runDir.resolve("metrics.csv")).size());
        return distance / scale;
    }

    static NetworkWeights model(Path runDir) {
        return ModelFiles.read(new org.apache.hadoop.fs.Path(runDir.resolve("model").toString()), new Configuration());
    }

    /** stderr files of the executors a Worker ran: work-dir/app-…/executor-id/stderr. */
    static List<Path> executorLogs(Path workerDir) throws IOException {
        try (Stream<Path> files = Files.walk(workerDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList();
        }
    }

    /** The cluster's authentication secret, from its spark-defaults.conf. */
    String secret() throws IOException {
        for (String line : Files.readAllLines(clusterDir.resolve("spark-home/conf/spark-defaults.conf"))) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length == 2 && kv[0].equals("spark.authenticate.secret")) {
                return kv[1];
            }
        }
        return fail("no spark.authenticate.secret in the cluster's spark-defaults.conf");
    }

    /**
     * The end of the test's {@code finally}: {@code scripts/local-cluster.sh stop}, then kills whatever is left (a
     * failure then) and removes the shutdown hook. Throws if the script failed or a process was left, or adds that to
     * {@code failure} (the test's failure, null if none) as a suppressed exception.
     */
    void stop(Throwable failure) {
        Result stop = script(work.resolve("stop.log"), "scripts/local-cluster.sh", "stop");
        List<Long> left = processesNaming(clusterDir);
        cleanUp();  // what the scripts left, if anything (a failure then)
        Runtime.getRuntime().removeShutdownHook(lastResort);
        List<String> problems = new ArrayList<>();
        if (stop.exit != 0) {
            problems.add("local-cluster.sh stop failed:\n" + stop.output);
        }
        if (!left.isEmpty()) {
            problems.add("processes left running after local-cluster.sh stop: " + left);
        }
        if (!processesNaming(clusterDir).isEmpty()) {
            problems.add("processes still running after the clean-up: " + processesNaming(clusterDir));
        }
        if (!problems.isEmpty()) {
            AssertionError cleanupFailure = new AssertionError(String.join("\n", problems));
            if (failure != null) {
                failure.addSuppressed(cleanupFailure);
            } else {
                throw cleanupFailure;
            }
        }
    }

    /** Runs a script of the repository, output to {@code log}; kills it (and its children) after the timeout. */
    Result script(Path log, String... command) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            synchronized (started) {
                started.add(p);
            }
            if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                destroyTree(p.toHandle());
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, String.join(" ", command) + " timed out after " + SCRIPT_TIMEOUT_SECONDS + " s\n"
                        + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * Stops whatever this test started and is still running: its script processes (and their children), and every
     * process that names the cluster's directory on its command line (daemons, executors, a driver).
     */
    private void cleanUp() {
        synchronized (started) {
            for (Process p : started) {
                if (p.isAlive()) {
                    destroyTree(p.toHandle());
                }
            }
        }
        List<Long> left = processesNaming(clusterDir);
        if (!left.isEmpty() && Files.isDirectory(clusterDir)) {
            script(work.resolve("stop-cleanup.log"), "scripts/local-cluster.sh", "stop");
        }
        for (long pid : processesNaming(clusterDir)) {
            ProcessHandle.of(pid).ifPresent(LocalClusterFixture::destroyTree);
        }
    }

    static void destroyTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // reported by the check for processes left running
        }
    }

    /** PIDs of the processes whose command line contains {@code dir} (read from /proc), except this JVM. */
    static List<Long> processesNaming(Path dir) {
        String needle = realPath(dir);
        return List.copyOf(processes(args -> String.join(" ", args).contains(needle)).keySet());
    }

    /**
     * The processes (except this JVM) whose command line, as read from /proc/PID/cmdline, {@code matches}: PID →
     * arguments.
     */
    static Map<Long, List<String>> processes(Predicate<List<String>> matches) {
        long self = ProcessHandle.current().pid();
        Map<Long, List<String>> found = new LinkedHashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    List<String> args = List.of(cmd.split("\0"));
                    if (matches.test(args)) {
                        found.put(Long.parseLong(name), args);
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static String realPath(Path dir) {
        try {
            return Files.exists(dir) ? dir.toRealPath().toString() : dir.toAbsolutePath().toString();
        } catch (IOException e) {
            return dir.toAbsolutePath().toString();
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank(), "system property " + property
                + " is not set: run the IT through Maven (failsafe, driver/pom.xml)");
        return value;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
