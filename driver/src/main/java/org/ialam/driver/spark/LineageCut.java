package org.ialam.driver.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * How {@link DistributedSamples} cuts the lineage of the per-sample state every {@code checkpointInterval}
 * generations. Each generation is computed from the one before, so without a cut every task would carry (and the
 * scheduler walk) the whole chain of steps, and a lost block would be recomputed from the first.
 */
public enum LineageCut {
    /**
     * {@code RDD.checkpoint()}: the generation is written to the context's checkpoint directory, which must be
     * reachable from every executor. A lost block is recomputed from those files, so the state survives the loss of
     * an executor. On full MNIST a checkpoint writes 450 MB and costs about 0.8 s (docs/results.md §4.0.3).
     */
    RELIABLE,
    /**
     * {@code RDD.localCheckpoint()}: the generation's cached blocks become the start of the lineage; nothing is
     * written. In local mode the only executor lives in the driver's JVM, so a reliable checkpoint protects against
     * nothing this does not: when that JVM dies the run dies with it. Every generation is then cached with disk
     * allowed ({@link #storageLevel}), because a block evicted from memory could not be recomputed once the checkpointed
     * generation it descends from has been unpersisted; spilled, it is read back instead.
     */
    LOCAL,
    /** No cut: the lineage grows by one step per generation. */
    NONE;

    /**
     * In local mode {@link #LOCAL}; on a cluster {@link #RELIABLE} when the context has a checkpoint directory, else
     * {@link #NONE}.
     */
    public static LineageCut forContext(JavaSparkContext sc) {
        if (sc.isLocal()) {
            return LOCAL;
        }
        return sc.getCheckpointDir().isPresent() ? RELIABLE : NONE;
    }

    /**
     * Refuses a cut that could not be made: {@link #RELIABLE} every {@code checkpointInterval > 0} generations
     * without a checkpoint directory on the context would fail only at the first cut, after the first generations.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    void requireUsable(int checkpointInterval, boolean contextHasCheckpointDir) {
        if (this == RELIABLE && checkpointInterval > 0 && !contextHasCheckpointDir) {
            throw new IllegalArgumentException("reliable checkpoints need a checkpoint directory (SparkContext.setCheckpointDir)");
        }
    }

    /** The storage level of the state's generations: {@code requested}, with disk added for {@link #LOCAL}. */
    public StorageLevel storageLevel(StorageLevel requested) {
        if (this != LOCAL || requested.useDisk()) {
            return requested;
        }
        return StorageLevel.apply(true, requested.useMemory(), requested.useOffHeap(), requested.deserialized(),
                requested.replication());
    }

    /** Marks {@code generation} (persisted, not yet computed) to be cut once the job that computes it has run. */
    void mark(JavaRDD<?> generation) {
        switch (this) {
            case RELIABLE -> generation.checkpoint();
            case LOCAL -> generation.rdd().localCheckpoint();
            case NONE -> { }
        }
    }
}
