package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.SamplePasses;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.ForwardPass;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;
import org.junit.jupiter.api.Test;

/**
 * Partial results are merged in partition order, whichever task finishes first, on the driver and in trees of several
 * levels: with four partitions the Spark pipeline trains, bit for bit, the model of the in-process baseline, which merges
 * in partition order by construction; with more than 32, through the tree, the same model at every run. TestErr's fit
 * and the augmented-Lagrangian diagnostic, merged the same way, give the same bits at every call.
 */
class PartitionOrderMergeTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 3);
    private static final IalamConfig CONFIG = IalamConfig.builder().maxOuter(2).maxInner(3).lambdaW(1e-3).build();
    /** Partitions of the diagnostics' tests: many tasks on two slots finish in a different order at every call. */
    private static final int DIAGNOSTIC_PARTITIONS = 16;

    /** Partition 0 finishes last; in completion order its 10¹⁶ would absorb the other partitions' ones. */
    @Test
    void mergesInPartitionOrderWhenTheFirstPartitionFinishesLast() {
        JavaSparkContext sc = SharedSpark.context();
        JavaRDD<Double> partials = sc.parallelize(Arrays.asList(1e16, 1.0, -1e16, 1.0), 4)
                .mapPartitionsWithIndex((index, it) -> {
                    if (index == 0) {
                        Thread.sleep(400);
                    }
                    return it;
                }, true);
        // (((1e16 + 1) + (−1e16)) + 1) = 1: the first 1 is lost to rounding, the second is not
        assertEquals(1.0, PartitionOrderMerge.reduce(partials, Double::sum, 4));
        // in a tree of pairs, as (1e16 + 1) + (−1e16 + 1), computed here in the same order
        assertEquals((1e16 + 1.0) + (-1e16 + 1.0), PartitionOrderMerge.reduce(partials, Double::sum, 2));
        // the same partials merged as Spark's reduce does, in the order tasks finish, with partition 0 last: 0 or 2 by
        // the order in which partitions 1-3 finished, which two task slots leave open (1 + (−1e16) + 1 + 1e16 = 0,
        // 1 + 1 + (−1e16) + 1e16 = 2), and not partition order's 1: the order matters for these numbers
        double completionOrder = partials.reduce(Double::sum);
        assertTrue(completionOrder == 0.0 || completionOrder == 2.0, "Spark's reduce gave " + completionOrder);
    }

    /** Trees of 2, 3 and 4 levels over 33 partitions give every partial once. */
    @Test
    void treesOfSeveralLevelsMergeEveryPartialOnce() {
        JavaSparkContext sc = SharedSpark.context();
        int partitions = 33;
        List<Long> values = IntStream.range(0, partitions).mapToObj(i -> 1L << i).toList();
        JavaRDD<Long> partials = sc.parallelize(values, partitions);
        for (int fanIn : new int[] {2, 3, 6, 32, 33}) {
            assertEquals((1L << partitions) - 1, PartitionOrderMerge.reduce(partials, Long::sum, fanIn), "fan-in " + fanIn);
        }
    }

    /** The tree's groups are consecutive partitions, merged in index order: string concatenation shows the order. */
    @Test
    void treeLevelsKeepPartitionOrder() {
        JavaSparkContext sc = SharedSpark.context();
        List<String> letters = IntStream.range(0, 11).mapToObj(i -> String.valueOf((char) ('a' + i))).toList();
        JavaRDD<String> partials = sc.parallelize(letters, letters.size()).mapPartitionsWithIndex((index, it) -> {
            Thread.sleep(index % 3 == 0 ? 150 : 0);   // some early partitions finish late
            return it;
        }, true);
        for (int fanIn : new int[] {2, 3, 4, 11}) {
            assertEquals("abcdefghijk", PartitionOrderMerge.reduce(partials, String::concat, fanIn), "fan-in " + fanIn);
        }
    }

    @Test
    void rejectsAPartitionWithoutExactlyOneResult() {
        JavaSparkContext sc = SharedSpark.context();
        JavaRDD<Double> partials = sc.parallelize(Arrays.asList(1.0, 2.0), 2)
                .mapPartitionsWithIndex((index, it) -> index == 1 ? Collections.<Double>emptyIterator() : it, true);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PartitionOrderMerge.reduce(partials, Double::sum, PartitionOrderMerge.FAN_IN));
        assertEquals("partition 1 returned no partial result, expected 1", e.getMessage());
    }

    @Test
    void fourPartitionsTrainTheInProcessBaselinesModelBitForBit() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(23, 2400);   // four partitions of one block each
        NetworkWeights spark;
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 4, StorageLevel.MEMORY_ONLY(), 0,
                "partition order test")) {
            spark = train(samples, sc, data.size());
        }
        NetworkWeights direct;
        try (LocalSamples local = new LocalSamples(SHAPE, data, 4, 2)) {
            direct = train(local, null, data.size());
        }
        for (int l = 1; l <= SHAPE.layers(); l++) {
            assertArrayEquals(direct.augmented(l), spark.augmented(l), 0.0, "layer " + l);
        }
    }

    /**
     * Above {@link PartitionOrderMerge#FAN_IN} partitions the partials go through the tree, a shuffle of
     * {@link PassResult}s included. Two trainings give the same model bit for bit, and it equals the in-process
     * baseline's to rounding: the tree adds (p0 + … + p31) + (p32 + p33), the baseline ((p0 + … + p31) + p32) + p33.
     */
    @Test
    void moreThanThirtyTwoPartitionsTrainThroughTheTreeToTheSameModelEveryTime() {
        JavaSparkContext sc = SharedSpark.context();
        int partitions = PartitionOrderMerge.FAN_IN + 2;
        LabeledData data = RandomSamples.of(29, 30 * partitions);
        NetworkWeights[] spark = new NetworkWeights[2];
        for (int run = 0; run < 2; run++) {
            try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, partitions,
                    StorageLevel.MEMORY_ONLY(), 0, "partition tree test " + run)) {
                assertEquals(partitions, samples.partitions());
                spark[run] = train(samples, sc, data.size());
            }
        }
        NetworkWeights direct;
        try (LocalSamples local = new LocalSamples(SHAPE, data, partitions, 2)) {
            direct = train(local, null, data.size());
        }
        for (int l = 1; l <= SHAPE.layers(); l++) {
            assertArrayEquals(spark[0].augmented(l), spark[1].augmented(l), 0.0, "layer " + l + ", run to run");
            double[] expected = direct.augmented(l);
            double[] actual = spark[0].augmented(l);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])),
                        "layer " + l + ", entry " + i + ", against the baseline");
            }
        }
    }

    /**
     * TestErr's fit is merged in partition order too: 40 calls over 16 partitions of 4 blocks give, every time, the
     * blocks' fits added in block order and the partitions' in partition order (Spark's reduce, which adds in the
     * order the tasks finish, gave a reviewer 3 distinct values in 40 calls).
     */
    @Test
    void testFitIsThePartitionOrderSumAtEveryCall() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(31, DIAGNOSTIC_PARTITIONS * 40);
        NetworkWeights weights = WeightInit.draw(SHAPE, CONFIG, data.size());
        try (SampleBlocks blocks = SampleBlocks.of(sc, data, DIAGNOSTIC_PARTITIONS, 10, StorageLevel.MEMORY_ONLY(),
                "fit order test")) {
            StepTotals expected = null;
            for (List<SampleBlock> partition : NamedFunctions.collectAllPartitions(blocks.rdd())) {
                assertEquals(4, partition.size());
                StepTotals total = StepTotals.ZERO;
                for (SampleBlock block : partition) {
                    total = total.plus(ForwardPass.fit(block, weights, CONFIG.alpha));
                }
                expected = expected == null ? total : expected.plus(total);
            }
            for (int call = 0; call < 40; call++) {
                StepTotals fit = DistributedSamples.fit(sc, blocks.rdd(), weights, CONFIG.alpha);
                assertEquals(expected.squaredError, fit.squaredError, "call " + call);
                assertEquals(expected.correct, fit.correct, "call " + call);
                assertEquals(data.size(), fit.count, "call " + call);
            }
        }
    }

    /** The diagnostic Σ of L_ρ's per-sample terms is bit-identical at every call (40 calls, 16 partitions). */
    @Test
    void lagrangianTermsAreTheSameAtEveryCall() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = RandomSamples.of(37, DIAGNOSTIC_PARTITIONS * 40);
        NetworkWeights weights = WeightInit.draw(SHAPE, CONFIG, data.size());
        double[] beta = {1e-3, 1e-3};
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, DIAGNOSTIC_PARTITIONS, 10,
                StorageLevel.MEMORY_ONLY(), 0, "lagrangian order test")) {
            samples.initialise(weights, CONFIG.alpha, SufficientStatistics.Request.all(SHAPE.layers()));
            java.util.Set<Double> values = new java.util.TreeSet<>();
            for (int call = 0; call < 40; call++) {
                values.add(samples.augmentedLagrangianTerms(weights, 0.5, beta, 1e-3, 1.0 / data.size(), CONFIG.alpha));
            }
            assertEquals(1, values.size(), "distinct values in 40 calls: " + values);
        }
    }

    private static NetworkWeights train(SamplePasses samples, JavaSparkContext sc, long n) {
        return new IalamTrainer(CONFIG).solverThreads(1)
                .train(sc, samples, null, WeightInit.draw(SHAPE, CONFIG, n), true).weights();
    }
}
