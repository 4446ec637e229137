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
