package org.ialam.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.ialam.driver.cli.Main;
import org.ialam.driver.output.ModelFiles;
import org.ialam.driver.spark.SharedSpark;
import org.ialam.ops.NetworkWeights;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * <b>Forks processes.</b> A real Spark standalone cluster on this machine: {@code scripts/local-cluster.sh start}
 * forks a Master and two Workers (separate JVMs, authentication on), {@code scripts/submit.sh} runs spark-submit of
 * the thin {@code -app} jar in client mode (with Kryo, as conf/spark-defaults.conf.template recommends), and the
 * Workers fork one executor JVM each. The same small problem is trained in local mode in this JVM (Java
 * serialization); both models must agree to 1e-9 (relative). Every process is stopped at the end, also on failure
 * (finally, and a shutdown hook as the last resort), and none may be left.
 *
 * <p>Runs in Maven's verify phase (failsafe) because it needs the packaged jar:
 * {@code mvn -B verify -Dit.test=LocalClusterIT}. Linux only (bash scripts, /proc).
 */
@Tag("forks-processes")
@EnabledOnOs(OS.LINUX)
class LocalClusterIT {
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    /** The training problem, without --out. */
    private static final List<String> TRAIN = List.of("train", "--synthetic", "--synthetic-teacher", "10,5,1",
            "--synthetic-samples", "400", "--max-outer", "3", "--max-inner", "3", "--partitions", "2",
            "--rdd-checkpoint-interval", "2");

    private final List<Process> started = new ArrayList<>();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void trainingOnTheClusterMatchesLocalMode() throws Throwable {
        Path appJar = Path.of(required("ialam.appJar"));
        assertTrue(Files.isRegularFile(appJar), appJar + " is missing: the IT runs after 'mvn package'");
        Path root = repositoryRoot();
        Path work = appJar.getParent().resolve("cluster-it");
        Path clusterDir = work.resolve("cluster");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IALAM_CLUSTER_DIR", clusterDir.toString());
        env.put("IALAM_APP_JAR", appJar.toString());
        env.put("IALAM_SPARK_CLASSPATH",
                Files.readString(Path.of(required("ialam.sparkClasspathFile")), StandardCharsets.UTF_8).trim());

        // a previous run that died may have left its cluster: stop it, then start from an empty directory
        if (Files.isDirectory(clusterDir)) {
            script(root, env, work.resolve("stop-before.log"), "scripts/local-cluster.sh", "stop");
        }
        deleteRecursively(work);
        Files.createDirectories(work);

        Thread lastResort = new Thread(() -> cleanUp(root, env, work, clusterDir), "LocalClusterIT cleanup");
        Runtime.getRuntime().addShutdownHook(lastResort);
        Throwable failure = null;
        // the local run goes on in this JVM while the cluster starts and trains: the processes mostly wait
        ExecutorService localThread = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            Path localOut = work.resolve("out-local");
            Future<String> localRun = localThread.submit(() -> {
                long start = System.nanoTime();
                SharedSpark.context();
                List<String> local = new ArrayList<>(TRAIN);
                local.addAll(List.of("--out", localOut.toString()));
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), local.toArray(String[]::new));
                assertEquals(0, exit, "local run failed:\n" + out + err);
                return String.format("local run %.1f s", (System.nanoTime() - start) / 1e9);
            });
            Result start = script(root, env, work.resolve("start.log"), "scripts/local-cluster.sh", "start");
            assertEquals(0, start.exit, "local-cluster.sh start failed:\n" + start.output);
            String masterUrl = Files.readString(clusterDir.resolve("master-url")).trim();
            assertTrue(masterUrl.startsWith("spark://127.0.0.1:"), masterUrl);
            long t1 = System.nanoTime();

            Path clusterOut = work.resolve("out-cluster");
            List<String> submit = new ArrayList<>(List.of("scripts/submit.sh", "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer", "--"));
            submit.addAll(TRAIN.subList(1, TRAIN.size()));
            submit.addAll(List.of("--out", clusterOut.toString()));
            Result run = script(root, env, work.resolve("submit.log"), submit.toArray(String[]::new));
            assertEquals(0, run.exit, "submit.sh failed:\n" + run.output);
            long t2 = System.nanoTime();

            String localTime;
            try {
                localTime = localRun.get(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }

            // the run really went to the cluster, from the jar with its manifest
            JsonNode summary = new ObjectMapper().readTree(clusterOut.resolve("summary.json").toFile());
            assertEquals(masterUrl, summary.at("/spark/master").asText(), "summary.json of the cluster run");
            assertEquals(required("ialam.version"), summary.at("/code_version").asText(),
                    "code_version: Implementation-Version of the -app jar's manifest");
            assertEquals(3, summary.at("/k").asInt());
            // two executor JVMs, one per Worker, started with Spark's module options and without the secret
            String secret = secret(clusterDir);
            for (String worker : List.of("worker-1", "worker-2")) {
                List<Path> stderr = executorLogs(clusterDir.resolve(worker));
                assertEquals(1, stderr.size(), worker + " ran " + stderr.size() + " executors: " + stderr);
                String log = Files.readString(stderr.get(0));
                assertTrue(log.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), "module options: " + stderr);
                assertFalse(log.contains(secret), "the secret is on an executor's command line: " + stderr);
            }
            // checkpoints went to the cluster's spark.checkpoint.dir
            try (Stream<Path> dirs = Files.list(clusterDir.resolve("checkpoints"))) {
                assertTrue(dirs.findAny().isPresent(), "no checkpoint directory of the application");
            }

            NetworkWeights onCluster = model(clusterOut);
            NetworkWeights inLocalMode = model(localOut);
            assertEquals(inLocalMode.shape(), onCluster.shape());
            assertTrue(onCluster.isFinite());
            double distance = onCluster.distanceTo(inLocalMode);
            double scale = inLocalMode.norm();
            assertTrue(scale > 0);
            assertTrue(distance <= 1e-9 * scale, "cluster and local models differ: ||ΔW|| = " + distance
                    + ", ||W|| = " + scale);
            assertEquals(Files.readAllLines(localOut.resolve("metrics.csv")).size(),
                    Files.readAllLines(clusterOut.resolve("metrics.csv")).size());
            System.out.printf("LocalClusterIT: cluster start %.1f s, submit %.1f s, in parallel with the %s; "
                    + "||W_cluster - W_local|| / ||W_local|| = %.3g%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    localTime, distance / scale);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            localThread.shutdownNow();
            Result stop = script(root, env, work.resolve("stop.log"), "scripts/local-cluster.sh", "stop");
            List<Long> left = processesNaming(clusterDir);
            cleanUp(root, env, work, clusterDir);  // what the scripts left, if anything (a failure then)
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
    }

    private static NetworkWeights model(Path runDir) {
        return ModelFiles.read(new org.apache.hadoop.fs.Path(runDir.resolve("model").toString()), new Configuration());
    }

    /** stderr files of the executors a Worker ran: work-dir/app-…/executor-id/stderr. */
    private static List<Path> executorLogs(Path workerDir) throws IOException {
        try (Stream<Path> files = Files.walk(workerDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
    }

    private static String secret(Path clusterDir) throws IOException {
        for (String line : Files.readAllLines(clusterDir.resolve("spark-home/conf/spark-defaults.conf"))) {
            String[] kv = line.trim().split("\\s+", 2);
            if (kv.length == 2 && kv[0].equals("spark.authenticate.secret")) {
                return kv[1];
            }
        }
        return fail("no spark.authenticate.secret in the cluster's spark-defaults.conf");
    }

    /** Exit code and output (stdout and stderr) of a script. */
    private record Result(int exit, String output) {
    }

    /** Runs a script of the repository, output to {@code log}; kills it (and its children) after the timeout. */
    private Result script(Path root, Map<String, String> env, Path log, String... command) {
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
    private void cleanUp(Path root, Map<String, String> env, Path work, Path clusterDir) {
        synchronized (started) {
            for (Process p : started) {
                if (p.isAlive()) {
                    destroyTree(p.toHandle());
                }
            }
        }
        List<Long> left = processesNaming(clusterDir);
        if (!left.isEmpty() && Files.isDirectory(clusterDir)) {
            script(root, env, work.resolve("stop-cleanup.log"), "scripts/local-cluster.sh", "stop");
        }
        for (long pid : processesNaming(clusterDir)) {
            ProcessHandle.of(pid).ifPresent(LocalClusterIT::destroyTree);
        }
    }

    private static void destroyTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // reported by the check for processes left running
        }
    }

    /** PIDs of the processes whose command line contains {@code dir} (read from /proc), except this JVM. */
    private static List<Long> processesNaming(Path dir) {
        String needle;
        try {
            needle = Files.exists(dir) ? dir.toRealPath().toString() : dir.toAbsolutePath().toString();
        } catch (IOException e) {
            needle = dir.toAbsolutePath().toString();
        }
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmd.contains(needle)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/local-cluster.sh"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no scripts/local-cluster.sh above " + Path.of("").toAbsolutePath());
        return dir;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank(), "system property " + property
                + " is not set: run the IT through Maven (failsafe, driver/pom.xml)");
        return value;
    }

    private static void deleteRecursively(Path dir) throws IOException {
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
