package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStepCoefficients;
import org.junit.jupiter.api.Test;

/**
 * The statistics a step gathers block by block and hands to its task's aggregation are the ones the aggregation
 * gathers itself from the cached partition, bit for bit, on three partitions of three blocks each (the partitions'
 * results are merged in partition order, {@link PartitionOrderMerge}, so more than two partitions compare exactly).
 */
class FusedStatisticsTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 5, 3);

    @Test
    void handedOverStatisticsEqualThoseGatheredAgain() {
        JavaSparkContext sc = SharedSpark.context();
        int n = 700;
        LabeledData data = RandomSamples.of(9, n);
        IalamConfig config = IalamConfig.builder().build();
        NetworkWeights w = WeightInit.draw(SHAPE, config, n);
        SufficientStatistics.Request all = SufficientStatistics.Request.all(SHAPE.layers());
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 3, 100, StorageLevel.MEMORY_ONLY(), 0,
                "fused statistics test")) {
            long before = FusedStatistics.taken();
            PassResult initial = samples.initialise(w, 0.1, all);
            assertSame(initial, samples.gatherAgain(all));
            double rho = 0.02;
            VuStepCoefficients c = new VuStepCoefficients(rho, new double[] {1e-3, 0.5, 0.4}, new double[] {0.05, 0.05, 0.05},
                    1e-5, 1.0 / n, 0.1);
            SufficientStatistics.Request withTarget = SufficientStatistics.Request.withTarget(new boolean[] {false, true, true},
                    new boolean[] {true, false, false}, new boolean[3], new boolean[] {false, true, true}, rho);
            PassResult step = samples.vuStep(w, c, withTarget);
            assertSame(step, samples.gatherAgain(withTarget));
            PassResult update = samples.multiplierStep(w, rho, 0.1, all);
            assertSame(update, samples.gatherAgain(all));
            assertEquals(before + 9, FusedStatistics.taken(), "three passes of three tasks took the step's statistics");
        }
    }

    private static void assertSame(PassResult expected, PassResult actual) {
        SufficientStatistics e = expected.statistics();
        SufficientStatistics a = actual.statistics();
        assertEquals(e.count(), a.count());
        for (int l = 1; l <= SHAPE.layers(); l++) {
            assertArrayEquals(e.gram(l), a.gram(l), 0.0, "G_" + l);
            assertArrayEquals(e.uCross(l), a.uCross(l), 0.0, "D_" + l);
            assertArrayEquals(e.xiCross(l), a.xiCross(l), 0.0, "E_" + l);
            assertArrayEquals(e.targetCross(l), a.targetCross(l), 0.0, "C_" + l);
        }
        StepTotals t = expected.totals();
        StepTotals u = actual.totals();
        assertArrayEquals(new double[] {t.changeSquared, t.normSquared, t.residualSquared, t.multiplierSquared,
                t.activationGapSquared, t.squaredError, t.correct, t.count}, new double[] {u.changeSquared, u.normSquared,
                u.residualSquared, u.multiplierSquared, u.activationGapSquared, u.squaredError, u.correct, u.count}, 0.0);
        assertTrue(t.count > 0);
    }
}
