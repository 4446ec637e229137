package org.ialam.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ialam.driver.cluster.LocalClusterFixture.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * <b>Forks processes.</b> Losing an executor JVM in the middle of a run on a real standalone cluster does not change
 * the result. The cluster of {@link LocalClusterIT} (Master and two Workers with one executor each) trains a problem
 * long enough to be interrupted; once the driver has printed outer iteration 1, the executor that holds the most
 * cached blocks is killed with SIGKILL. Its Worker starts a replacement, and Spark recomputes the lost cached
 * partitions (sample blocks, the current per-sample state) from their lineage: back to the last reliable checkpoint of
 * the state and through the weight broadcasts since then, which {@code DistributedSamples} keeps alive for exactly
 * this. The submission must still succeed, with a model equal (1e-9 relative) to the same problem trained in local
 * mode in this JVM.
 *
 * <p>Checks that the loss really happened and was repaired: the driver logged the lost executor, three executor
 * JVMs ran, and a block that the killed executor had cached was stored again by another executor (executors log
 * their stored blocks: this test raises MemoryStore to INFO in its cluster's log4j2.properties). Every process is
 * stopped at the end, also on failure, and none may be left.
 *
 * <p>Runs in Maven's verify phase (failsafe), alone: {@code mvn -B verify -Dit.test=ExecutorKillIT -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Linux only (bash scripts, /proc). Output, logs and both runs stay in
 * {@code driver/target/executor-kill-it/}.
 */
@Tag("forks-processes")
@EnabledOnOs(OS.LINUX)
class ExecutorKillIT {
    /**
     * The training problem, without --out: 4 partitions on 2 executors, 34 generations of the per-sample state (an
     * initial one, then 10 (v,u) steps and a multiplier step per outer iteration), checkpointed every 5; about 20 s
     * of training on the local cluster (twice that while other builds run).
     */
    private static final List<String> TRAIN = List.of("train", "--synthetic", "--synthetic-teacher", "30,20,5",
            "--synthetic-samples", "6000", "--max-outer", "3", "--max-inner", "10", "--partitions", "4",
            "--rdd-checkpoint-interval", "5");

    /**
     * The driver's line after outer iteration 1 (of 3): the state is at generation 12, the last checkpoint was made at
     * 10, so rebuilding the state needs that checkpoint and the broadcasts of generations 11 and 12.
     */
    private static final Pattern KILL_AFTER = Pattern.compile("(?m)^outer +1 ");
    private static final Pattern STORED_BLOCK = Pattern.compile("Block (rdd_\\d+_\\d+) stored");
    /** Driver log lines about the loss and the replacement (shown in the test's output). */
    private static final Pattern LOSS_LINES = Pattern.compile(
            "(?m)^.*(Lost executor|Lost task|Executor app-\\S+ removed|Granted executor ID|No more replicas"
                    + "|Done checkpointing).*$");

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killingAnExecutorMidRunDoesNotChangeTheModel() throws Throwable {
        LocalClusterFixture cluster = LocalClusterFixture.prepare("executor-kill-it");
        Path work = cluster.work;
        Throwable failure = null;
        // the local run goes on in this JVM while the cluster starts and trains
        ExecutorService localThread = Executors.newSingleThreadExecutor();
        ExecutorService submitThread = Executors.newSingleThreadExecutor();
        try {
            long t0 = System.nanoTime();
            Path localOut = work.resolve("out-local");
            Future<String> localRun = LocalClusterFixture.trainLocally(localThread, TRAIN, localOut);
            cluster.startCluster();
            logLossesAndStoredBlocks(cluster.clusterDir);
            long t1 = System.nanoTime();

            Path clusterOut = work.resolve("out-cluster");
            Path submitLog = work.resolve("submit.log");
            Future<Result> submission = submitThread.submit(() -> cluster.submit(submitLog, TRAIN, clusterOut));
            awaitInDriverLog(submitLog, submission);
            long t2 = System.nanoTime();

            Executor victim = victim(cluster.clusterDir);
            long checkpointsBeforeKill = Pattern.compile("Done checkpointing RDD").matcher(read(submitLog)).results()
                    .count();
            ProcessHandle process = ProcessHandle.of(victim.pid).orElseThrow(
                    () -> new AssertionError("executor " + victim.id + " (pid " + victim.pid + ") is gone already"));
            assertTrue(process.destroyForcibly(), "could not send SIGKILL to pid " + victim.pid);
            process.onExit().get(10, TimeUnit.SECONDS);
            long t3 = System.nanoTime();

            Result run = submission.get(LocalClusterFixture.SCRIPT_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS);
            assertEquals(0, run.exit(), "submit.sh failed after executor " + victim.id + " was killed:\n"
                    + run.output());
            long t4 = System.nanoTime();
            String localTime;
            try {
                localTime = localRun.get(LocalClusterFixture.SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }

            // the driver noticed the loss
            String driverLog = run.output();
            assertTrue(Pattern.compile("Lost executor " + victim.id + " on ").matcher(driverLog).find(),
                    "the driver did not log the loss of executor " + victim.id + ":\n" + driverLog);
            // the Worker started a replacement: three executor JVMs ran
            List<Path> executorLogs = new ArrayList<>();
            for (String worker : List.of("worker-1", "worker-2")) {
                executorLogs.addAll(LocalClusterFixture.executorLogs(cluster.clusterDir.resolve(worker)));
            }
            assertEquals(3, executorLogs.size(), "executor JVMs that ran: " + executorLogs);
            // blocks the killed executor had cached were computed again by another one
            Set<String> recomputed = new TreeSet<>(Comparator.comparing(ExecutorKillIT::blockOrder));
            for (Path log : executorLogs) {
                if (!log.equals(victim.log)) {
                    recomputed.addAll(storedBlocks(log));
                }
            }
            recomputed.retainAll(victim.cachedAtKill);
            assertFalse(recomputed.isEmpty(), "no block of the killed executor (" + victim.cachedAtKill
                    + ") was stored again by another executor");

            double relative = LocalClusterFixture.assertSameModel(clusterOut, localOut, 1e-9,
                    "the model of the run that lost an executor and the local one");
            List<String> lossLines = new ArrayList<>();
            Matcher m = LOSS_LINES.matcher(driverLog);
            while (m.find()) {
                lossLines.add("  " + m.group());
            }
            System.out.printf("ExecutorKillIT: cluster start %.1f s, submit %.1f s (killed executor %s, pid %d, with "
                    + "%d cached blocks, %.1f s into the submission, after %d state checkpoints), in parallel with the "
                    + "%s; blocks recomputed by other executors: %s; ||W_cluster - W_local|| / ||W_local|| = %.3g; "
                    + "the driver logged:%n%s%n", (t1 - t0) / 1e9, (t4 - t1) / 1e9, victim.id, victim.pid,
                    victim.cachedAtKill.size(), (t3 - t1) / 1e9, checkpointsBeforeKill, localTime, recomputed,
                    relative, String.join("\n", lossLines));
            if ((t3 - t2) / 1e9 > 5) {
                System.out.printf("ExecutorKillIT: the kill took %.1f s after outer iteration 1%n", (t3 - t2) / 1e9);
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            submitThread.shutdownNow();
            localThread.shutdownNow();
            cluster.stop(failure);
        }
    }

    /** An executor JVM of the cluster: its PID, executor ID, stderr file and the RDD blocks it has stored. */
    private record Executor(long pid, String id, Path log, Set<String> cachedAtKill) {
    }

    /**
     * The executor to kill: of the two running, the one whose log shows the most stored RDD blocks (so that the kill
     * loses cached partitions even if one executor got most of the work).
     */
    private static Executor victim(Path clusterDir) throws IOException {
        String conf = LocalClusterFixture.realPath(clusterDir) + "/spark-home/conf";
        Map<Long, List<String>> executors = LocalClusterFixture.processes(args ->
                args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
                        && args.stream().anyMatch(a -> a.contains(conf)));
        assertEquals(2, executors.size(), "executor JVMs of the cluster: " + executors.keySet());
        Executor victim = null;
        for (Map.Entry<Long, List<String>> e : executors.entrySet()) {
            String id = argument(e.getValue(), "--executor-id");
            String app = argument(e.getValue(), "--app-id");
            Path log = null;
            for (String worker : List.of("worker-1", "worker-2")) {
                Path candidate = clusterDir.resolve(worker).resolve(app).resolve(id).resolve("stderr");
                if (Files.isRegularFile(candidate)) {
                    log = candidate;
                }
            }
            assertTrue(log != null, "no stderr of executor " + id + " of " + app + " in " + clusterDir);
            Executor executor = new Executor(e.getKey(), id, log, storedBlocks(log));
            if (victim == null || executor.cachedAtKill.size() > victim.cachedAtKill.size()) {
                victim = executor;
            }
        }
        assertFalse(victim.cachedAtKill.isEmpty(), "no executor has stored a block yet");
        return victim;
    }

    private static String argument(List<String> args, String name) {
        int i = args.indexOf(name);
        assertTrue(i >= 0 && i + 1 < args.size(), "no " + name + " in " + args);
        return args.get(i + 1);
    }

    /** The RDD blocks an executor's log says it stored. */
    private static Set<String> storedBlocks(Path executorLog) throws IOException {
        Set<String> blocks = new LinkedHashSet<>();
        Matcher m = STORED_BLOCK.matcher(read(executorLog));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** A log that may be in the middle of being written (a partial character is replaced). */
    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    /** rdd_R_P by R, then P. */
    private static long blockOrder(String block) {
        String[] parts = block.split("_");
        return Long.parseLong(parts[1]) * 1_000_000 + Long.parseLong(parts[2]);
    }

    /**
     * Drivers and executors of this cluster read its spark-home/conf/log4j2.properties (warn, org.ialam at info):
     * this test adds the Master's grants and removals of executors and the checkpoints (driver) and the stored
     * blocks (executors).
     */
    private static void logLossesAndStoredBlocks(Path clusterDir) throws IOException {
        Files.writeString(clusterDir.resolve("spark-home/conf/log4j2.properties"), """

                # added by ExecutorKillIT: executors granted and removed, checkpoints (driver); blocks stored (executors)
                logger.standalonebackend.name = org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend
                logger.standalonebackend.level = info
                logger.checkpointdata.name = org.apache.spark.rdd.ReliableRDDCheckpointData
                logger.checkpointdata.level = info
                logger.memorystore.name = org.apache.spark.storage.memory.MemoryStore
                logger.memorystore.level = info
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Waits until the driver has printed outer iteration 1; fails if the submission ends first or takes too long. */
    private static void awaitInDriverLog(Path submitLog, Future<Result> submission) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LocalClusterFixture.SCRIPT_TIMEOUT_SECONDS);
        while (true) {
            String log = Files.exists(submitLog) ? read(submitLog) : "";
            if (KILL_AFTER.matcher(log).find()) {
                return;
            }
            if (submission.isDone()) {
                Result run = submission.get();
                fail("the submission ended (exit " + run.exit() + ") before outer iteration 1:\n" + run.output());
            }
            if (System.nanoTime() > deadline) {
                fail("no outer iteration 1 within " + LocalClusterFixture.SCRIPT_TIMEOUT_SECONDS + " s:\n" + log);
            }
            Thread.sleep(100);
        }
    }
}
