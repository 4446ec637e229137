package org.ialam.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.spark.LocalSamples;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.junit.jupiter.api.Test;

/**
 * Solving layers 2..L beside layer 1 changes nothing but the time: three layers, two solver threads, the model after
 * two outer iterations equal bit for bit to the one whose layers were solved in turn.
 */
class ParallelLayerSolvesTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 9, 6, 3);
    private static final IalamConfig CONFIG = IalamConfig.builder().maxOuter(2).maxInner(3).lambdaW(2e-3).build();

    @Test
    void theModelIsTheSameBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 1500;
        double[] x = random.doubles(n * 12L).map(v -> v - 0.5).toArray();
        int[] labels = random.ints(n, 0, 3).toArray();
        LabeledData data = LabeledData.classification(x, 12, labels, new double[] {0, 1, 2}, "random");
        NetworkWeights start = WeightInit.draw(SHAPE, CONFIG, n);
        NetworkWeights parallel = train(data, start, true);
        NetworkWeights inTurn = train(data, start, false);
        assertTrue(parallel.norm() > 0);
        for (int l = 1; l <= SHAPE.layers(); l++) {
            assertArrayEquals(inTurn.augmented(l), parallel.augmented(l), 0.0, "layer " + l);
        }
    }

    private static NetworkWeights train(LabeledData data, NetworkWeights start, boolean parallel) {
        try (LocalSamples samples = new LocalSamples(SHAPE, data, 2, 2)) {
            return new IalamTrainer(CONFIG).solverThreads(2).solveLayersInParallel(parallel)
                    .train(null, samples, null, start, true).weights();
        }
    }
}
