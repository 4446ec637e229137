package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restored state outlives the files it was read from, which the training checkpoints delete once they have saved a
 * newer one: with a lineage cut the restored generation is cut by the job that reads it, so a block lost after the
 * files are gone is rebuilt; without one the state says that it depends on them.
 */
class RestoredStateTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 3);
    private static final IalamConfig CONFIG = IalamConfig.builder().lambdaW(1e-3).build();
    private static final SufficientStatistics.Request ALL = SufficientStatistics.Request.all(SHAPE.layers());
    /** Far beyond the passes made here: no periodic cut comes to the rescue. */
    private static final int INTERVAL = 10;

    @TempDir
    Path tmp;

    /** Two passes saved to {@code dir}. */
    private static void save(JavaSparkContext sc, LabeledData data, NetworkWeights weights, Path dir) {
        try (DistributedSamples first = samples(sc, data, LineageCut.RELIABLE, "restore test, saved")) {
            first.initialise(weights, CONFIG.alpha, ALL);
            first.multiplierStep(weights, 1.0, CONFIG.alpha, ALL);
            first.saveState(dir.toString());
        }
    }

    private static DistributedSamples samples(JavaSparkContext sc, LabeledData data, LineageCut cut, String name) {
        return DistributedSamples.of(sc, SHAPE, data, 2, 64, StorageLevel.MEMORY_ONLY(), INTERVAL, cut, name);
    }

    private static StepTotals pass(DistributedSamples samples, NetworkWeights weights) {
        return samples.multiplierStep(weights, 1.0, CONFIG.alpha, ALL).totals();
    }

    /**
     * A reviewer's sequence: restore, two passes, the saved files deleted (as a newer training checkpoint deletes
     * them), a block of the newest generation lost, one more pass. Its totals are those of a run that lost nothing.
     */
    @Test
    void aBlockLostAfterTheRestoredFilesAreDeletedIsRebuilt() throws IOException {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(7, 300);
        NetworkWeights weights = WeightInit.draw(SHAPE, CONFIG, data.size());
        Path saved = tmp.resolve("saved");
        save(sc, data, weights, saved);

        StepTotals expected;
        try (DistributedSamples twin = samples(sc, data, LineageCut.RELIABLE, "restore test, undisturbed")) {
            twin.restoreState(saved.toString(), ALL);
            pass(twin, weights);
            pass(twin, weights);
            expected = pass(twin, weights);
        }
        try (DistributedSamples samples = samples(sc, data, LineageCut.RELIABLE, "restore test, disturbed")) {
            samples.restoreState(saved.toString(), ALL);
            assertFalse(samples.dependsOnFiles(saved.toString()), "cut loose from the files it was read from");
            pass(samples, weights);
            pass(samples, weights);
            org.apache.hadoop.fs.Path files = new org.apache.hadoop.fs.Path(saved.toString());
            assertTrue(files.getFileSystem(sc.hadoopConfiguration()).delete(files, true));
            SparkEnv.get().blockManager().removeBlock(new RDDBlockId(samples.stateRddId(), 0), true);
            StepTotals rebuilt = pass(samples, weights);
            assertEquals(expected.residualSquared, rebuilt.residualSquared);
            assertEquals(expected.multiplierSquared, rebuilt.multiplierSquared);
            assertEquals(expected.squaredError, rebuilt.squaredError);
            assertEquals(data.size(), rebuilt.count);
        }
    }

    @Test
    void withoutACutTheRestoredStateDependsOnItsFiles() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(8, 300);
        NetworkWeights weights = WeightInit.draw(SHAPE, CONFIG, data.size());
        Path saved = tmp.resolve("saved");
        save(sc, data, weights, saved);
        try (DistributedSamples samples = samples(sc, data, LineageCut.NONE, "restore test, uncut")) {
            assertFalse(samples.dependsOnFiles(saved.toString()), "nothing restored yet");
            samples.restoreState(saved.toString(), ALL);
            pass(samples, weights);
            assertTrue(samples.dependsOnFiles(saved.toString()));
            assertTrue(samples.dependsOnFiles(saved.toUri().toString()), "the same directory as a URI");
            assertFalse(samples.dependsOnFiles(tmp.resolve("other").toString()));
        }
    }
}
