package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BroadcastBlockId;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.TrainingResult;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SufficientStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task that fails once (injected) is retried by Spark and the model is unchanged: every step is a pure function
 * of the cached previous generation and the broadcast weights, whether the lineage is cut by reliable or by local
 * checkpoints (the failure comes after the first cut). A pass that fails for good frees what it made.
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

    /**
     * A pass whose job fails (every attempt of one task throws) leaves neither its generation persisted nor its
     * weights' broadcast stored, and the object as before it: the same pass then succeeds.
     */
    @Test
    void aFailedPassLeavesNeitherItsGenerationNorItsBroadcastBehind() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(5, 300);
        NetworkShape shape = new NetworkShape(12, 8, 3);
        IalamConfig config = IalamConfig.builder().lambdaW(1e-3).build();
        SufficientStatistics.Request all = SufficientStatistics.Request.all(shape.layers());
        try (DistributedSamples samples = DistributedSamples.of(sc, shape, data, 2, 64, StorageLevel.MEMORY_ONLY(), 4,
                LineageCut.LOCAL, "failed pass test")) {
            samples.initialise(WeightInit.draw(shape, config, data.size()), config.alpha, all);   // generation 1
            Set<Integer> persisted = new HashSet<>(sc.getPersistentRDDs().keySet());
            NetworkWeights weights = WeightInit.draw(shape, config.toBuilder().seed(2).build(), data.size());
            sc.setLocalProperty(FaultInjection.FAIL_AT_PASS, "2");
            Exception failed;
            try {
                failed = assertThrows(Exception.class, () -> samples.multiplierStep(weights, 1.0, config.alpha, all));
            } finally {
                sc.setLocalProperty(FaultInjection.FAIL_AT_PASS, null);
            }
            assertTrue(String.valueOf(failed.getMessage()).contains(FaultInjection.FAIL_AT_PASS), failed.toString());
            assertEquals(persisted, sc.getPersistentRDDs().keySet(), "the failed generation is unpersisted, the state kept");
            assertFalse(storedAsBroadcast(weights), "the failed pass's broadcast is destroyed");

            PassResult again = samples.multiplierStep(weights, 1.0, config.alpha, all);
            assertEquals(data.size(), again.statistics().count());
            assertTrue(storedAsBroadcast(weights), "a successful pass keeps its broadcast until the next cut");
        }
    }

    /** Whether this JVM's block manager (local mode: the only one) holds a broadcast whose value is {@code value}. */
    private static boolean storedAsBroadcast(Object value) {
        org.apache.spark.storage.BlockManager blocks = org.apache.spark.SparkEnv.get().blockManager();
        scala.Function1<BlockId, Object> broadcastValues = id -> id instanceof BroadcastBlockId b && b.field().isEmpty();
        for (BlockId id : scala.jdk.javaapi.CollectionConverters.asJava(blocks.getMatchingBlockIds(broadcastValues))) {
            scala.Option<org.apache.spark.storage.BlockResult> stored = blocks.getLocalValues(id);
            if (stored.isDefined()) {
                scala.collection.Iterator<Object> it = stored.get().data();
                boolean same = false;
                while (it.hasNext()) {   // to the end: the iterator releases the block's read lock when exhausted
                    same |= it.next() == value;
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
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
