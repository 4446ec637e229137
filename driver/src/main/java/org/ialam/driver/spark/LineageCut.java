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
     * generation it descends from has been unpersisted; spilled, it is read back instead. On a cluster the blocks of a
     * lost executor (dynamic allocation removes executors too) cannot be rebuilt, and the run fails.
     */
    LOCAL,
    /** No cut: the lineage grows by one step per generation, at most {@link #MAX_UNCUT_GENERATIONS} of them. */
    NONE;

    /**
     * The most generations a state may have without a cut. Every task carries the whole chain of generations behind
     * its partition, and Java serialization walks it recursively: on {@code local[2]} with the default 1 MB thread
     * stacks, multiplier passes without a cut overflowed the stack at generation 483 and 658 (compiled code; in the
     * task's deserialisation, after which Spark shut the JVM down) and at 261 with {@code -Xint} (interpreted frames,
     * as on a newly started executor; in the driver's serialisation, after which the job hung), docs/operations.md §2.
     * 100 leaves a factor 2.6 to the smallest; a default training makes 606 passes.
     */
    public static final int MAX_UNCUT_GENERATIONS = 100;

    /**
     * In local mode {@link #LOCAL}; on a cluster {@link #RELIABLE} when the context has a checkpoint directory, else
     * {@link #LOCAL} too: without a cut a long run overflows the stack ({@link #MAX_UNCUT_GENERATIONS}), while local
     * checkpoints only make the loss of an executor fatal ({@link #describe}).
     */
    public static LineageCut forContext(JavaSparkContext sc) {
        return forContext(sc.isLocal(), sc.getCheckpointDir().isPresent());
    }

    static LineageCut forContext(boolean localMode, boolean contextHasCheckpointDir) {
        return !localMode && contextHasCheckpointDir ? RELIABLE : LOCAL;
    }

    /**
     * Refuses an interval the run could not survive: a negative one, and 0 (never cut) for a run that may make more
     * than {@link #MAX_UNCUT_GENERATIONS} passes.
     *
     * @param passes the most passes over the samples the run may make (one generation each)
     * @throws IllegalArgumentException naming {@code --rdd-checkpoint-interval}
     */
    public static void requireSurvivable(int checkpointInterval, long passes) {
        if (checkpointInterval < 0) {
            throw new IllegalArgumentException("--rdd-checkpoint-interval: " + checkpointInterval
                    + " is out of range, expected ≥ 0 (0: never cut the lineage)");
        }
        if (checkpointInterval == 0 && passes > MAX_UNCUT_GENERATIONS) {
            throw new IllegalArgumentException("--rdd-checkpoint-interval 0 (never cut the lineage) allows at most "
                    + MAX_UNCUT_GENERATIONS + " passes over the samples, this run may make " + passes
                    + ": a longer lineage overflows the tasks' stacks; use an interval ≥ 1 (default 10)");
        }
    }

    /**
     * One line for a run's header: this cut every {@code checkpointInterval} passes and, for local checkpoints on a
     * cluster, what they cost and how to avoid it.
     */
    String describe(int checkpointInterval, boolean localMode, String checkpointDir) {
        return switch (this) {
            case RELIABLE -> "reliable checkpoints every " + checkpointInterval + " passes, to " + checkpointDir;
            case LOCAL -> localMode
                    ? "local checkpoints every " + checkpointInterval + " passes (local mode: files would protect nothing)"
                    : "local checkpoints every " + checkpointInterval + " passes, as spark.checkpoint.dir is not set: "
                            + "losing an executor fails the run (set spark.checkpoint.dir for reliable ones)";
            case NONE -> "none: the lineage grows by one step per pass (at most " + MAX_UNCUT_GENERATIONS + " passes)";
        };
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
