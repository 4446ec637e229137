package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SufficientStatistics;
import org.junit.jupiter.api.Test;

/**
 * A lineage cut changes how far back a lost block would be recomputed from, never the numbers: local checkpoints
 * (local mode's default) and none give the same model bit for bit, the local ones keep the lineage short and write no
 * files.
 */
class LineageCutTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 3);
    /** 2 outer iterations of 4 inner: 1 + 2 × (4 + 1) = 11 generations. */
    private static final IalamConfig CONFIG = IalamConfig.builder().maxOuter(2).maxInner(4).innerTolerance(0)
            .lambdaW(1e-3).build();
    private static final int INTERVAL = 3;

    @Test
    void localModeCutsByLocalCheckpoints() {
        assertEquals(LineageCut.LOCAL, LineageCut.forContext(SharedSpark.context()));
    }

    /** A cluster without spark.checkpoint.dir cuts by local checkpoints (no cut overflows the stack) and says what that costs. */
    @Test
    void aClusterWithoutACheckpointDirectoryCutsByLocalCheckpoints() {
        assertEquals(LineageCut.LOCAL, LineageCut.forContext(false, false));
        assertEquals(LineageCut.RELIABLE, LineageCut.forContext(false, true));
        assertEquals(LineageCut.LOCAL, LineageCut.forContext(true, false));
        assertEquals(LineageCut.LOCAL, LineageCut.forContext(true, true));
        String note = LineageCut.LOCAL.describe(10, false, null);
        assertTrue(note.contains("losing an executor fails the run") && note.contains("set spark.checkpoint.dir"), note);
        assertFalse(LineageCut.LOCAL.describe(10, true, "/tmp/c").contains("executor"), "local mode has no executor to lose");
    }

    @Test
    void neverCuttingIsRefusedForARunLongerThanTheBound() {
        int bound = LineageCut.MAX_UNCUT_GENERATIONS;
        long defaultTraining = 1 + 55L * (10 + 1);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LineageCut.requireSurvivable(0, defaultTraining));
        assertTrue(e.getMessage().startsWith("--rdd-checkpoint-interval 0 ") && e.getMessage().contains("606")
                && !e.getMessage().contains("\n"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LineageCut.requireSurvivable(0, bound + 1));
        LineageCut.requireSurvivable(0, bound);
        LineageCut.requireSurvivable(1, defaultTraining);
        LineageCut.requireSurvivable(10, Long.MAX_VALUE);
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LineageCut.requireSurvivable(-1, 5));
        assertTrue(negative.getMessage().startsWith("--rdd-checkpoint-interval: -1 is out of range"), negative.getMessage());
    }

    /** What the up-front refusal guards against, refused by the samples themselves: a pass beyond the bound. */
    @Test
    void withoutACutAPassBeyondTheBoundIsRefused() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(9, 100);
        NetworkWeights weights = WeightInit.draw(SHAPE, CONFIG, data.size());
        SufficientStatistics.Request request = SufficientStatistics.Request.all(SHAPE.layers());
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 2, StorageLevel.MEMORY_ONLY(), 0,
                "uncut lineage test")) {
            assertEquals(LineageCut.NONE, samples.lineageCut());
            samples.initialise(weights, CONFIG.alpha, request);
            for (int pass = 2; pass <= LineageCut.MAX_UNCUT_GENERATIONS; pass++) {
                samples.multiplierStep(weights, 1.0, CONFIG.alpha, request);
            }
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> samples.multiplierStep(weights, 1.0, CONFIG.alpha, request));
            assertTrue(e.getMessage().contains("--rdd-checkpoint-interval"), e.getMessage());
        }
    }

    @Test
    void aReliableCutWithoutACheckpointDirectoryIsRefusedUpFront() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LineageCut.RELIABLE.requireUsable(INTERVAL, false));
        assertTrue(e.getMessage().contains("checkpoint directory"), e.getMessage());
        LineageCut.RELIABLE.requireUsable(INTERVAL, true);
        LineageCut.RELIABLE.requireUsable(0, false);   // never cuts, so needs no directory
        LineageCut.LOCAL.requireUsable(INTERVAL, false);
        LineageCut.NONE.requireUsable(INTERVAL, false);
    }

    @Test
    void aLocalCutAddsDiskToTheStateOnly() {
        assertEquals(StorageLevel.MEMORY_AND_DISK(), LineageCut.LOCAL.storageLevel(StorageLevel.MEMORY_ONLY()));
        assertEquals(StorageLevel.MEMORY_AND_DISK_SER(), LineageCut.LOCAL.storageLevel(StorageLevel.MEMORY_ONLY_SER()));
        assertEquals(StorageLevel.DISK_ONLY(), LineageCut.LOCAL.storageLevel(StorageLevel.DISK_ONLY()));
        assertEquals(StorageLevel.MEMORY_ONLY(), LineageCut.RELIABLE.storageLevel(StorageLevel.MEMORY_ONLY()));
        assertEquals(StorageLevel.MEMORY_ONLY(), LineageCut.NONE.storageLevel(StorageLevel.MEMORY_ONLY()));
    }

    @Test
    void localCheckpointsBoundTheLineageAndLeaveTheModelBitIdentical() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(8, 300);
        File checkpointDir = new File(java.net.URI.create(sc.getCheckpointDir().get()));
        String[] filesBefore = checkpointDir.list();

        List<Integer> uncutDepths = new ArrayList<>();
        NetworkWeights uncut = train(sc, data, LineageCut.NONE, uncutDepths);
        List<Integer> cutDepths = new ArrayList<>();
        NetworkWeights cut = train(sc, data, LineageCut.LOCAL, cutDepths);

        for (int l = 1; l <= SHAPE.layers(); l++) {
            assertArrayEquals(uncut.augmented(l), cut.augmented(l), 0.0, "layer " + l);
        }
        // without a cut the chain grows by one RDD per generation; with one it restarts every INTERVAL generations
        assertTrue(uncutDepths.get(uncutDepths.size() - 1) >= uncutDepths.get(0) + 8, "uncut: " + uncutDepths);
        int baseline = uncutDepths.get(0);
        assertTrue(cutDepths.stream().allMatch(d -> d <= baseline + INTERVAL), "cut: " + cutDepths);
        assertFalse(cutDepths.equals(uncutDepths));
        assertArrayEquals(filesBefore, checkpointDir.list(), "a local checkpoint writes no files");
    }

    /** Trains with {@code cut} every {@link #INTERVAL} generations; adds the state's lineage depth after every inner iteration. */
    private static NetworkWeights train(JavaSparkContext sc, LabeledData data, LineageCut cut, List<Integer> depths) {
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 2, 64, StorageLevel.MEMORY_ONLY(),
                INTERVAL, cut, "lineage test")) {
            assertEquals(cut, samples.lineageCut());
            return new IalamTrainer(CONFIG).solverThreads(1).onInnerIteration(it -> depths.add(samples.stateLineageDepth()))
                    .train(sc, samples, null, WeightInit.draw(SHAPE, CONFIG, data.size()), true).weights();
        }
    }
}
