package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.TrainingResult;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task that fails once (injected) is retried by Spark and the model is unchanged: every step is a pure function
 * of the cached previous generation and the broadcast weights, whether the lineage is cut by reliable or by local
 * checkpoints (the failure comes after the first cut).
 */
class TaskFailureTest {

    @ParameterizedTest
    @EnumSource(value = LineageCut.class, names = {"RELIABLE", "LOCAL"})
    void aTaskFailingOnceLeavesTheModelUnchanged(LineageCut cut) {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(4, 400);
        NetworkShape shape = new NetworkShape(12, 8, 3);
        IalamConfig config = IalamConfig.builder().maxOuter(3).maxInner(4).lambdaW(1e-3).build();

        NetworkWeights clean = train(sc, data, shape, config, cut);
        int before = FaultInjection.injected();
        sc.setLocalProperty(FaultInjection.FAIL_ONCE_AT_PASS, "7");   // an inner pass of the second outer iteration
        NetworkWeights faulty;
        try {
            faulty = train(sc, data, shape, config, cut);
        } finally {
            sc.setLocalProperty(FaultInjection.FAIL_ONCE_AT_PASS, null);
        }
        assertEquals(before + 1, FaultInjection.injected(), "exactly one failure injected");
        assertTrue(faulty.distanceTo(clean) <= 1e-9 * clean.norm(),
                "model changed by " + faulty.distanceTo(clean) / clean.norm());
    }

    private static NetworkWeights train(JavaSparkContext sc, LabeledData data, NetworkShape shape, IalamConfig config,
            LineageCut cut) {
        try (DistributedSamples samples = DistributedSamples.of(sc, shape, data, 2, 64, StorageLevel.MEMORY_ONLY(), 4,
                cut, "fault test")) {
            TrainingResult r = new IalamTrainer(config).train(sc, samples, null, WeightInit.draw(shape, config, data.size()), true);
            return r.weights();
        }
    }
}
