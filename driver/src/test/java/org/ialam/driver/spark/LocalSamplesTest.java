package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.SamplePasses;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SufficientStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's baseline without Spark trains the same model as the Spark pipeline (two partitions of several
 * blocks each), and the two read each other's saved state.
 */
class LocalSamplesTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 3);
    private static final IalamConfig CONFIG = IalamConfig.builder().maxOuter(2).maxInner(3).lambdaW(1e-3).build();

    @TempDir
    Path tmp;

    private static LabeledData data() {
        return RandomSamples.of(11, 2600);   // two partitions of two blocks each (SampleBlocks.DEFAULT_BLOCK_SIZE)
    }

    private static NetworkWeights train(SamplePasses samples, JavaSparkContext sc, int n) {
        return new IalamTrainer(CONFIG).solverThreads(1)
                .train(sc, samples, null, WeightInit.draw(SHAPE, CONFIG, n), true).weights();
    }

    @Test
    void trainsTheSparkPipelinesModelAndSharesItsStateFiles() throws Exception {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data();
        Path saved = tmp.resolve("state");
        Files.createDirectories(saved);
        NetworkWeights spark;
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 2, StorageLevel.MEMORY_ONLY(), 0,
                "local samples test")) {
            spark = train(samples, sc, data.size());
            samples.saveState(saved.toString());
        }
        SufficientStatistics.Request all = SufficientStatistics.Request.all(SHAPE.layers());
        try (LocalSamples local = new LocalSamples(SHAPE, data, 2, 2)) {
            NetworkWeights direct = train(local, null, data.size());
            assertTrue(direct.distanceTo(spark) <= 1e-12 * spark.norm(),
                    "models differ by " + direct.distanceTo(spark) / spark.norm());

            PassResult restored = local.restoreState(saved.toString(), all);
            try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 2, StorageLevel.MEMORY_ONLY(), 0,
                    "local samples test, restored")) {
                PassResult expected = samples.restoreState(saved.toString(), all);
                for (int l = 1; l <= SHAPE.layers(); l++) {
                    assertArrayEquals(expected.statistics().uCross(l), restored.statistics().uCross(l), 1e-12, "D_" + l);
                    assertArrayEquals(expected.statistics().xiCross(l), restored.statistics().xiCross(l), 1e-12, "E_" + l);
                }
                assertArrayEquals(expected.statistics().gram(2), restored.statistics().gram(2), 1e-12, "G_2");
                assertEquals(data.size(), expected.statistics().count());
                assertEquals(data.size(), restored.statistics().count());
            }
        }
    }
}
