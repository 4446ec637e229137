package org.ialam.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.InnerIteration;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.BlockScratch;
import org.ialam.ops.BlockState;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SpareArrays;
import org.ialam.ops.StepTotals;
import org.junit.jupiter.api.Test;

/**
 * The state's arrays are recycled two generations on ({@link ReleasedStates}), and that is invisible: a cached
 * partition lost mid-run is recomputed from its lineage, through generations whose arrays were recycled, and the model
 * is the one of an undisturbed run.
 */
class StateRecyclingTest {
    private static final NetworkShape SHAPE = new NetworkShape(12, 8, 3);
    private static final IalamConfig CONFIG = IalamConfig.builder().maxOuter(3).maxInner(3).lambdaW(1e-3).build();

    private static LabeledData data() {
        return RandomSamples.of(5, 900);
    }

    /** Trains on 3 partitions of 3 blocks; with {@code evictAt} > 0, drops partition 1 of the state cached then. */
    private static NetworkWeights train(JavaSparkContext sc, LabeledData data, int evictAt) {
        List<Integer> evicted = new ArrayList<>();
        try (DistributedSamples samples = DistributedSamples.of(sc, SHAPE, data, 3, 100, StorageLevel.MEMORY_ONLY(), 0,
                "recycling test")) {
            int[] inner = {0};
            NetworkWeights w = new IalamTrainer(CONFIG).solverThreads(1).onInnerIteration((InnerIteration it) -> {
                if (++inner[0] == evictAt) {
                    evicted.add(evictLatestState(sc));
                }
            }).train(sc, samples, null, WeightInit.draw(SHAPE, CONFIG, data.size()), true).weights();
            assertEquals(evictAt > 0 ? 1 : 0, evicted.size());
            return w;
        }
    }

    /**
     * Removes partition 1 of the two newest cached state generations from the block manager (the trainer keeps only
     * one cached: then the recomputation starts from the blocks; were an older generation still cached, and its
     * arrays recycled, the recomputation would read them); returns the newest RDD id.
     */
    private static int evictLatestState(JavaSparkContext sc) {
        List<Integer> ids = new ArrayList<>();
        for (RDD<?> rdd : scala.jdk.javaapi.CollectionConverters.asJava(sc.sc().getPersistentRDDs()).values()) {
            if (rdd.name() != null && rdd.name().startsWith("IALAM sample state")) {
                ids.add(rdd.id());
            }
        }
        ids.sort(java.util.Comparator.reverseOrder());
        assertFalse(ids.isEmpty(), "a cached state generation");
        assertFalse(SparkEnv.get().blockManager().master().getLocations(new RDDBlockId(ids.get(0), 1)).isEmpty(),
                "partition 1 of the newest generation is cached");
        // the one before may be on its way out (DistributedSamples releases it on a thread of its own)
        for (int id : ids.subList(0, Math.min(2, ids.size()))) {
            RDDBlockId block = new RDDBlockId(id, 1);
            SparkEnv.get().blockManager().removeBlock(block, true);
            assertTrue(SparkEnv.get().blockManager().master().getLocations(block).isEmpty(), "partition 1 is gone");
        }
        return ids.get(0);
    }

    @Test
    void aLostPartitionIsRecomputedThroughRecycledGenerationsToTheSameModel() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data();
        long recycledBefore = ReleasedStates.recycledArrays();
        NetworkWeights clean = train(sc, data, 0);
        long recycled = ReleasedStates.recycledArrays() - recycledBefore;
        // 3 outer × (3 inner + 1 multiplier) passes after the initial one; from the third pass on, each of the 9 blocks
        // recycles at least its L arrays (2L in a (v,u) step that follows a (v,u) step)
        assertTrue(recycled >= 10L * 9 * SHAPE.layers(), "recycled only " + recycled + " arrays");
        // inner iteration 5 is in the second outer iteration: the lost partition's lineage reaches back to the start
        NetworkWeights disturbed = train(sc, data, 5);
        assertTrue(disturbed.distanceTo(clean) <= 1e-12 * clean.norm(),
                "model changed by " + disturbed.distanceTo(clean) / clean.norm());
        assertEquals(0, countEntries(), "a closed run leaves no entries behind in this JVM");
    }

    /**
     * {@value DistributedSamples#RECYCLE_STATE}{@code =false} turns recycling off and changes nothing else: no array is
     * recycled, and the model is the recycling run's, bit for bit.
     */
    @Test
    void theSwitchTurnsRecyclingOffAndLeavesTheModelAsItIs() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data();
        NetworkWeights recycling = train(sc, data, 0);
        // the context's own configuration: getConf() returns a copy, and DistributedSamples reads the setting from it
        SparkConf conf = sc.sc().conf();
        conf.set(DistributedSamples.RECYCLE_STATE, "false");
        try {
            long recycledBefore = ReleasedStates.recycledArrays();
            NetworkWeights fresh = train(sc, data, 0);
            assertEquals(0, ReleasedStates.recycledArrays() - recycledBefore, "arrays recycled with the switch off");
            assertEquals(0.0, fresh.distanceTo(recycling), "the model without recycling");
        } finally {
            conf.remove(DistributedSamples.RECYCLE_STATE);
        }
        long recycledBefore = ReleasedStates.recycledArrays();
        train(sc, data, 0);
        assertTrue(ReleasedStates.recycledArrays() > recycledBefore, "the default is on again");
    }

    private static int countEntries() {
        return ReleasedStates.size();
    }

    private static BlockState state(int n) {
        return new BlockState(new double[][] {new double[n]}, new double[][] {new double[n]},
                new double[][] {new double[n]}, StepTotals.ZERO);
    }

    @Test
    void anEntryIsTakenOnceForItsOwnGenerationOnly() {
        String run = "protocol-" + System.nanoTime();
        BlockState g4 = state(5);
        BlockState g5 = new BlockState(new double[][] {new double[5]}, new double[][] {new double[5]},
                new double[][] {g4.xi(1)}, StepTotals.ZERO);   // shares ξ with g4, as a (v,u) step's output does
        ReleasedStates.offer(run, 0, 4, List.of(g4), new BlockScratch());
        assertEquals(0, ReleasedStates.take(run, 0, 3, List.of(g5)).available(), "another generation's entry: none");
        SpareArrays spares = ReleasedStates.take(run, 0, 4, List.of(g5));
        assertEquals(2, spares.available(), "u and v of generation 4; its ξ is live in generation 5");
        assertEquals(0, ReleasedStates.take(run, 0, 4, List.of(g5)).available(), "taken once");

        ReleasedStates.offer(run, 1, 2, List.of(state(5)), new BlockScratch());
        ReleasedStates.offer(run, 2, 6, List.of(state(5)), new BlockScratch());
        ReleasedStates.offer("other-" + run, 1, 2, List.of(state(5)), new BlockScratch());
        assertEquals(0, ReleasedStates.take(run, 0, 6, List.of()).available());
        assertEquals(0, ReleasedStates.take(run, 1, 2, List.of()).available(), "an older entry of the run was dropped");
        assertEquals(3, ReleasedStates.take(run, 2, 6, List.of()).available(), "the current one was kept");
        assertEquals(3, ReleasedStates.take("other-" + run, 1, 2, List.of()).available(), "other runs untouched");
        double[] unused = new double[5];
        BlockScratch leftOver = new BlockScratch(SpareArrays.of(List.of(), List.of(unused, g5.u(1)), List.of()));
        ReleasedStates.offer(run, 4, 8, List.of(g4), leftOver);
        assertEquals(3, ReleasedStates.take(run, 4, 8, List.of(g5)).available(),
                "g4's u and v and the unused array; not g5's u, which is live");
        ReleasedStates.offer(run, 3, 7, List.of(state(5)), new BlockScratch());
        ReleasedStates.forget(run);
        assertEquals(0, ReleasedStates.take(run, 3, 7, List.of()).available(), "forgotten");
    }
}
