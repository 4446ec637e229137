package org.ialam.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ialam.driver.cluster.LocalClusterFixture.Result;
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
 * (finally, and a shutdown hook as the last resort), and none may be left. The cluster, the submission, the local
 * run and the clean-up are {@link LocalClusterFixture}'s.
 *
 * <p>Runs in Maven's verify phase (failsafe) because it needs the packaged jar:
 * {@code mvn -B verify -Dit.test=LocalClusterIT}. Linux only (bash scripts, /proc).
 */
@Tag("forks-processes")
@EnabledOnOs(OS.LINUX)
class LocalClusterIT {
    /** The training problem, without --out. */
    private static final List<String> TRAIN = List.of("train", "--synthetic", "--synthetic-teacher", "10,5,1",
            "--synthetic-samples", "400", "--max-outer", "3", "--max-inner", "3", "--partitions", "2",
            "--rdd-checkpoint-interval", "2");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void trainingOnTheClusterMatchesLocalMode() throws Throwable {
        LocalClusterFixture cluster = LocalClusterFixture.prepare("cluster-it");
        Path work = cluster.work;
        Path clusterDir = cluster.clusterDir;
        Throwable failure = null;
        // the local run goes on in this JVM while the cluster starts and trains: the processes mostly wait
        ExecutorService localThread = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            Path localOut = work.resolve("out-local");
            Future<String> localRun = LocalClusterFixture.trainLocally(localThread, TRAIN, localOut);
            String masterUrl = cluster.startCluster();
            long t1 = System.nanoTime();

            Path clusterOut = work.resolve("out-cluster");
            Result run = cluster.submit(work.resolve("submit.log"), TRAIN, clusterOut);
            assertEquals(0, run.exit(), "submit.sh failed:\n" + run.output());
            long t2 = System.nanoTime();

            String localTime;
            try {
                localTime = localRun.get(LocalClusterFixture.SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }

            // the run really went to the cluster, from the jar with its manifest
            JsonNode summary = new ObjectMapper().readTree(clusterOut.resolve("summary.json").toFile());
            assertEquals(masterUrl, summary.at("/spark/master").asText(), "summary.json of the cluster run");
            assertEquals(LocalClusterFixture.required("ialam.version"), summary.at("/code_version").asText(),
                    "code_version: Implementation-Version of the -app jar's manifest");
            assertEquals(3, summary.at("/k").asInt());
            // two executor JVMs, one per Worker, started with Spark's module options and without the secret
            String secret = cluster.secret();
            for (String worker : List.of("worker-1", "worker-2")) {
                List<Path> stderr = LocalClusterFixture.executorLogs(clusterDir.resolve(worker));
                assertEquals(1, stderr.size(), worker + " ran " + stderr.size() + " executors: " + stderr);
                String log = Files.readString(stderr.get(0));
                assertTrue(log.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), "module options: " + stderr);
                assertFalse(log.contains(secret), "the secret is on an executor's command line: " + stderr);
            }
            // checkpoints went to the cluster's spark.checkpoint.dir
            try (Stream<Path> dirs = Files.list(clusterDir.resolve("checkpoints"))) {
                assertTrue(dirs.findAny().isPresent(), "no checkpoint directory of the application");
            }

            double relative = LocalClusterFixture.assertSameModel(clusterOut, localOut, 1e-9,
                    "cluster and local models");
            System.out.printf("LocalClusterIT: cluster start %.1f s, submit %.1f s, in parallel with the %s; "
                    + "||W_cluster - W_local|| / ||W_local|| = %.3g%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    localTime, relative);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            localThread.shutdownNow();
            cluster.stop(failure);
        }
    }
}
