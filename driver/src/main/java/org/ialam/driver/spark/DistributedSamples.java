package org.ialam.driver.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.SamplePasses;
import org.ialam.ops.AugmentedLagrangian;
import org.ialam.ops.BlockScratch;
import org.ialam.ops.BlockState;
import org.ialam.ops.ForwardPass;
import org.ialam.ops.InitialState;
import org.ialam.ops.MultiplierStep;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.SpareArrays;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStep;
import org.ialam.ops.VuStepCoefficients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training samples on the cluster: one {@link SampleBlock} per partition (persisted once) and, beside it, the
 * current generation of per-sample variables, one {@link BlockState} per partition.
 *
 * <p>Every step is a {@code zipPartitions} of the blocks with the current state, producing the next generation,
 * which is persisted, named, and materialised by the same job that gathers the step's statistics, merged in partition
 * order ({@link PartitionOrderMerge}); then the previous generation is unpersisted, and the next step waits for its
 * removal from every cache, so that it can write its output into that generation's arrays instead of allocating
 * ({@link ReleasedStates}). The removal is a round trip to the block managers (6–20 ms here): it runs on a thread of
 * its own while the driver solves for the next weights.
 *
 * <p>The weights a step needs travel as a broadcast. A broadcast is part of the lineage of every generation computed
 * from it, so it is destroyed only once a checkpoint has cut that lineage (every {@code checkpointInterval}
 * generations, like MLlib's {@code PeriodicCheckpointer}, whose previous checkpoint files are deleted too; and a
 * generation restored from saved files at once, since their owner may delete them soon). The kind of
 * cut is a {@link LineageCut}: reliable checkpoints on a cluster with a checkpoint directory, local ones in local
 * mode and on a cluster without one. Without a cut broadcasts are kept until {@link #close()}, and a pass beyond
 * {@link LineageCut#MAX_UNCUT_GENERATIONS} generations is refused.
 */
public final class DistributedSamples implements SamplePasses {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedSamples.class);

    /** Spark setting that turns the recycling of state arrays off ({@link ReleasedStates}); default true. */
    public static final String RECYCLE_STATE = "spark.ialam.recycleState";

    private final JavaSparkContext sc;
    private final NetworkShape shape;
    private final SampleBlocks sampleBlocks;
    private final JavaRDD<SampleBlock> blocks;
    private final long size;
    private final int partitions;
    private final StorageLevel storageLevel;
    private final int checkpointInterval;
    private final LineageCut lineageCut;
    private final List<Broadcast<?>> lineageBroadcasts = new ArrayList<>();
    /** Names this object's entries in {@link ReleasedStates} (a context's RDD ids repeat in the next context). */
    private final String run = java.util.UUID.randomUUID().toString();
    /** {@value #RECYCLE_STATE}: whether steps write into released generations' arrays (default true). */
    private final boolean recycle;
    private JavaRDD<BlockState> state;
    /** The removal of the generation before {@link #state} from the caches, under way or done. */
    private CompletableFuture<Void> release = CompletableFuture.completedFuture(null);
    private final ExecutorService releaser = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ialam-state-release");
        t.setDaemon(true);
        return t;
    });
    private int generation;
    private String previousCheckpointFile;
    /** The state files the lineage of {@link #state} starts at (restored, not cut since), or null. */
    private Path restoredFrom;

    private DistributedSamples(JavaSparkContext sc, NetworkShape shape, SampleBlocks sampleBlocks, long size,
            StorageLevel storageLevel, int checkpointInterval, LineageCut lineageCut) {
        this.sc = sc;
        this.shape = shape;
        this.sampleBlocks = sampleBlocks;
        this.blocks = sampleBlocks.rdd();
        this.size = size;
        this.partitions = sampleBlocks.partitions();
        this.lineageCut = checkpointInterval > 0 ? lineageCut : LineageCut.NONE;
        this.storageLevel = this.lineageCut.storageLevel(storageLevel);
        this.checkpointInterval = checkpointInterval;
        this.recycle = sc.getConf().getBoolean(RECYCLE_STATE, true);
    }

    /**
     * Splits {@code data} into {@code partitions} contiguous blocks in file order and persists them.
     *
     * @param checkpointInterval cut the state's lineage every this many generations, as
     *     {@link LineageCut#forContext} chooses; ≤ 0: never, for at most {@link LineageCut#MAX_UNCUT_GENERATIONS}
     *     passes ({@link LineageCut#requireSurvivable} refuses a longer run up front)
     */
    public static DistributedSamples of(JavaSparkContext sc, NetworkShape shape, LabeledData data, int partitions,
            StorageLevel storageLevel, int checkpointInterval, String name) {
        return of(sc, shape, data, partitions, SampleBlocks.DEFAULT_BLOCK_SIZE, storageLevel, checkpointInterval, name);
    }

    /** With at most {@code blockSize} samples per block (several blocks per partition). */
    public static DistributedSamples of(JavaSparkContext sc, NetworkShape shape, LabeledData data, int partitions,
            int blockSize, StorageLevel storageLevel, int checkpointInterval, String name) {
        return of(sc, shape, data, partitions, blockSize, storageLevel, checkpointInterval, LineageCut.forContext(sc),
                name);
    }

    /**
     * With the kind of lineage cut given; {@link LineageCut#RELIABLE} needs a checkpoint directory on the context.
     *
     * @param storageLevel of the sample blocks and of the state ({@link LineageCut#storageLevel} may add disk to it)
     */
    public static DistributedSamples of(JavaSparkContext sc, NetworkShape shape, LabeledData data, int partitions,
            int blockSize, StorageLevel storageLevel, int checkpointInterval, LineageCut lineageCut, String name) {
        lineageCut.requireUsable(checkpointInterval, sc.getCheckpointDir().isPresent());
        SampleBlocks blocks = SampleBlocks.of(sc, data, partitions, blockSize, storageLevel, name);
        return new DistributedSamples(sc, shape, blocks, data.size(), storageLevel, checkpointInterval, lineageCut);
    }

    /** The kind of cut this object makes every {@code checkpointInterval} generations ({@code NONE} if never). */
    public LineageCut lineageCut() {
        return lineageCut;
    }

    /**
     * One line for the run's header: the lineage cut made and, if local checkpoints stand in on a cluster for want of
     * {@code spark.checkpoint.dir}, that losing an executor then fails the run.
     */
    public String lineageDescription() {
        return lineageCut.describe(checkpointInterval, sc.isLocal(), sc.getCheckpointDir().orElse(null));
    }

    @Override
    public long size() {
        return size;
    }

    public int partitions() {
        return partitions;
    }

    @Override
    public NetworkShape shape() {
        return shape;
    }

    /** Starts from u = W v + b, v = σ(u), ξ = 0 (ialam.md §5) and returns the statistics of that state. */
    @Override
    public PassResult initialise(NetworkWeights weights, double alpha, SufficientStatistics.Request request) {
        Broadcast<NetworkWeights> w = sc.broadcast(weights);
        return advance(w, initialStep(w, alpha), request);
    }

    /** One (v,u) step (ialam.md §4.2) with new weights; returns the statistics of the new state. */
    @Override
    public PassResult vuStep(NetworkWeights weights, VuStepCoefficients coefficients, SufficientStatistics.Request request) {
        Broadcast<StepInputs> inputs = sc.broadcast(new StepInputs(weights, coefficients));
        return advance(inputs, vuStep(inputs), request);
    }

    /** The ξ update (ialam.md §3 step 2) with residual, feasibility and fit totals. */
    @Override
    public PassResult multiplierStep(NetworkWeights weights, double rho, double alpha, SufficientStatistics.Request request) {
        Broadcast<NetworkWeights> w = sc.broadcast(weights);
        return advance(w, multiplierStep(w, rho, alpha), request);
    }

    /** Σ over samples of the per-sample part of L_ρ (a diagnostic pass; ialam.md §3). */
    @Override
    public double augmentedLagrangianTerms(NetworkWeights weights, double rho, double[] beta, double lambdaV,
            double lossWeight, double alpha) {
        Broadcast<NetworkWeights> w = sc.broadcast(weights);
        try {
            // in partition order, as every pass's sums: RDD.reduce adds in the order the tasks finish
            return PartitionOrderMerge.reduce(NamedFunctions.zipPartitions(blocks, state,
                    lagrangianTerms(w, rho, beta, lambdaV, lossWeight, alpha)), Double::sum, PartitionOrderMerge.FAN_IN);
        } finally {
            w.destroy();
        }
    }

    /**
     * The fit of F on every block (squared error, correct argmax, count): the blocks' totals added in block order
     * within each partition, and the partitions' in partition order ({@link PartitionOrderMerge}), so that TestErr
     * does not depend on which task finished first.
     */
    public static StepTotals fit(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, NetworkWeights weights, double alpha) {
        Broadcast<NetworkWeights> w = sc.broadcast(weights);
        try {
            return PartitionOrderMerge.reduce(blocks.mapPartitions(fitFunction(w, alpha)), StepTotals::plus,
                    PartitionOrderMerge.FAN_IN);
        } finally {
            w.destroy();
        }
    }

    @Override
    public void saveState(String dir) {
        StateFiles.SerializableConfiguration conf = new StateFiles.SerializableConfiguration(sc.hadoopConfiguration());
        state.foreachPartition(saveFunction(dir, conf));
    }

    /**
     * Reads the state {@link #saveState} wrote. With a {@link LineageCut} the restored generation is cut by the job
     * that reads it ({@link #advance}), so nothing is ever recomputed from {@code dir}; without one every later
     * generation descends from those files, and {@link #dependsOnFiles} says so for as long as this object lives.
     */
    @Override
    public PassResult restoreState(String dir, SufficientStatistics.Request request) {
        StateFiles.SerializableConfiguration conf = new StateFiles.SerializableConfiguration(sc.hadoopConfiguration());
        PassResult restored = advance(null, null, request, restoreFunction(dir, conf));
        restoredFrom = state.isCheckpointed() ? null : qualified(dir);
        return restored;
    }

    @Override
    public boolean dependsOnFiles(String stateDir) {
        return restoredFrom != null && restoredFrom.equals(qualified(stateDir));
    }

    /** {@code dir} with scheme and authority, so that two spellings of one directory compare equal. */
    private Path qualified(String dir) {
        Path path = new Path(dir);
        try {
            return path.getFileSystem(sc.hadoopConfiguration()).makeQualified(path);
        } catch (IOException e) {
            return path;
        }
    }

    /** State arrays recycled in this JVM so far, and steps that found none to recycle ({@link ReleasedStates}). */
    public static long[] recycling() {
        return new long[] {ReleasedStates.recycledArrays(), ReleasedStates.misses()};
    }

    /**
     * The statistics of the current state gathered again from the cached partitions, by the aggregation's own loop
     * (for tests: what the statistics handed over by the step must equal bit for bit).
     */
    PassResult gatherAgain(SufficientStatistics.Request request) {
        return PartitionOrderMerge.reduce(NamedFunctions.zipPartitions(blocks, state, aggregate(shape, request, -1)),
                PassResult::merge, PartitionOrderMerge.FAN_IN);
    }

    /** The longest chain of RDDs behind the current state (for tests: what a {@link LineageCut} bounds). */
    int stateLineageDepth() {
        return lineageDepth(state.rdd());
    }

    /** The id of the current state's RDD (for tests: to drop one of its cached blocks). */
    int stateRddId() {
        return state.id();
    }

    private static int lineageDepth(org.apache.spark.rdd.RDD<?> rdd) {
        int deepest = 0;
        for (org.apache.spark.Dependency<?> d : scala.jdk.javaapi.CollectionConverters.asJava(rdd.dependencies())) {
            deepest = Math.max(deepest, lineageDepth(d.rdd()));
        }
        return deepest + 1;
    }

    /** The current state, gathered on the driver in block order (for tests and small problems only). */
    public List<BlockState> collectState() {
        return state.collect();
    }

    private PassResult advance(Broadcast<?> broadcast, StateTransition step, SufficientStatistics.Request request) {
        return advance(broadcast, step, request, null);
    }

    /** With {@code source} set, the next generation is read from files instead of computed by {@code step}. */
    private PassResult advance(Broadcast<?> broadcast, StateTransition step, SufficientStatistics.Request request,
            org.apache.spark.api.java.function.Function2<Integer, Iterator<SampleBlock>, Iterator<BlockState>> source) {
        if (lineageCut == LineageCut.NONE && generation >= LineageCut.MAX_UNCUT_GENERATIONS) {
            // past this the tasks' stacks may overflow, which kills or hangs the JVM instead of failing the job
            throw new IllegalStateException("pass " + (generation + 1) + " would exceed "
                    + LineageCut.MAX_UNCUT_GENERATIONS + " generations without a lineage cut (--rdd-checkpoint-interval 0)");
        }
        awaitRelease();   // the step's tasks recycle the arrays of the generation before the current one
        generation++;
        JavaRDD<BlockState> next = source != null ? blocks.mapPartitionsWithIndex(source, true)
                : NamedFunctions.zipPartitions(blocks, state == null ? emptyStates() : state,
                        transition(step, generation, recycle ? run : null, shape, request));
        next.setName("IALAM sample state, generation " + generation).persist(storageLevel);
        // a restored generation is cut at once, whatever the interval: its lineage starts at files that the training
        // checkpoints own and delete once a newer checkpoint is saved (with --checkpoint-every 1, one outer
        // iteration later), after which a lost block could not be rebuilt
        boolean checkpoint = lineageCut != LineageCut.NONE && (source != null || generation % checkpointInterval == 0);
        if (checkpoint) {
            lineageCut.mark(next);
        }
        PassResult result;
        try {
            result = PartitionOrderMerge.reduce(
                    NamedFunctions.zipPartitions(blocks, next, aggregate(shape, request, generation)), PassResult::merge,
                    PartitionOrderMerge.FAN_IN);
        } catch (Throwable failure) {   // Spark's SparkException is checked in Java's terms, undeclared in Scala's
            discard(next, broadcast, failure);
            throw failure;
        }
        if (state != null) {
            JavaRDD<BlockState> previous = state;
            release = CompletableFuture.runAsync(() -> previous.unpersist(true), releaser);
        }
        state = next;
        if (broadcast != null) {
            lineageBroadcasts.add(broadcast);
        }
        if (checkpoint && next.isCheckpointed()) {
            // the lineage now starts at the checkpoint: no recomputation can need these broadcasts or older files
            lineageBroadcasts.forEach(Broadcast::destroy);
            lineageBroadcasts.clear();
            deletePreviousCheckpoint(next.getCheckpointFile().orElse(null));
        }
        return result;
    }

    /**
     * Undoes a pass whose job failed: {@code next} is not the state and {@code broadcast} is part of no state's
     * lineage, so neither would ever be freed ({@link #close()} frees the state and the tracked broadcasts only). The
     * generation count goes back too, so that the object is as before the pass.
     */
    private void discard(JavaRDD<BlockState> next, Broadcast<?> broadcast, Throwable failure) {
        generation--;
        try {
            next.unpersist(true);   // the blocks of the pass's tasks that succeeded
            if (broadcast != null) {
                broadcast.destroy(true);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The first generation has no predecessor: zip with one null state per partition. */
    private JavaRDD<BlockState> emptyStates() {
        return blocks.mapPartitions(it -> {
            List<BlockState> nulls = new ArrayList<>();
            while (it.hasNext()) {
                it.next();
                nulls.add(null);
            }
            return nulls.iterator();
        });
    }

    private void deletePreviousCheckpoint(String current) {
        if (previousCheckpointFile != null) {
            try {
                Path path = new Path(previousCheckpointFile);
                FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
                fs.delete(path, true);
            } catch (IOException e) {
                LOG.warn("could not delete old checkpoint {}: {}", previousCheckpointFile, e.toString());
            }
        }
        previousCheckpointFile = current;
    }

    /** Waits until the generation before the current one is gone from every cache. */
    private void awaitRelease() {
        try {
            release.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("could not unpersist a previous state generation", e.getCause());
        }
    }

    @Override
    public void close() {
        try {
            awaitRelease();
        } catch (IllegalStateException e) {
            // the rest of the clean-up must still run
            LOG.warn("{}: {}", e.getMessage(), String.valueOf(e.getCause()));
        } finally {
            releaser.shutdown();
        }
        // blocking removals: the context may stop right after this, and Spark logs a stack trace for every removal
        // still in flight then ("Failed to remove broadcast ... rejected from ... Shutting down"). The public destroy()
        // does not wait; destroy(blocking) is private[spark] in Scala, which is public in the bytecode.
        if (state != null) {
            state.unpersist(true);
        }
        sampleBlocks.close();
        ReleasedStates.forget(run);
        lineageBroadcasts.forEach(b -> b.destroy(true));
        lineageBroadcasts.clear();
        deletePreviousCheckpoint(null);
    }

    // ---- closures: static, so that they capture only broadcasts and small values, never this object ----

    /** A step from one block's state to the next, with the task's temporaries. */
    interface StateTransition extends Serializable {
        BlockState apply(SampleBlock block, BlockState state, BlockScratch scratch);
    }

    /** The weights and coefficients of a (v,u) step, shipped as one broadcast. */
    static final class StepInputs implements Serializable {
        private static final long serialVersionUID = 1L;
        final NetworkWeights weights;
        final VuStepCoefficients coefficients;

        StepInputs(NetworkWeights weights, VuStepCoefficients coefficients) {
            this.weights = weights;
            this.coefficients = coefficients;
        }
    }

    private static org.apache.spark.api.java.function.VoidFunction<Iterator<BlockState>> saveFunction(String dir,
            StateFiles.SerializableConfiguration conf) {
        return it -> StateFiles.write(it, StateFiles.part(dir, org.apache.spark.TaskContext.getPartitionId()), conf.get());
    }

    private static org.apache.spark.api.java.function.Function2<Integer, Iterator<SampleBlock>, Iterator<BlockState>>
            restoreFunction(String dir, StateFiles.SerializableConfiguration conf) {
        return (partition, it) -> {
            List<BlockState> states = StateFiles.read(StateFiles.part(dir, partition), conf.get());
            int blocks = 0;
            while (it.hasNext()) {
                it.next();
                blocks++;
            }
            if (blocks != states.size()) {
                throw new org.ialam.driver.data.InvalidInputException(StateFiles.part(dir, partition) + ": holds "
                        + states.size() + " blocks, expected " + blocks + " (same data and partitions needed)");
            }
            return states.iterator();
        };
    }

    private static StateTransition initialStep(Broadcast<NetworkWeights> w, double alpha) {
        return (block, ignored, scratch) -> InitialState.forward(block, w.value(), alpha);
    }

    private static StateTransition vuStep(Broadcast<StepInputs> inputs) {
        return (block, s, scratch) -> VuStep.apply(block, s, inputs.value().weights, inputs.value().coefficients, scratch);
    }

    private static StateTransition multiplierStep(Broadcast<NetworkWeights> w, double rho, double alpha) {
        return (block, s, scratch) -> MultiplierStep.apply(block, s, w.value(), rho, alpha, scratch);
    }

    /**
     * The task of pass (generation) {@code pass}: the step on every block of the partition, its outputs written into
     * the arrays of generation {@code pass − 2} that {@link ReleasedStates} holds for {@code run} (null: new arrays),
     * and each new block's statistics gathered right after its step, for the same task's aggregation
     * ({@link FusedStatistics}).
     */
    private static org.apache.spark.api.java.function.FlatMapFunction2<Iterator<SampleBlock>, Iterator<BlockState>, BlockState>
            transition(StateTransition step, int pass, String run, NetworkShape shape,
                    SufficientStatistics.Request request) {
        return (blockIt, stateIt) -> {
            FaultInjection.maybeFail(pass);
            // the input generation (pass − 1) is cached, so holding it as a list costs nothing
            List<BlockState> input = new ArrayList<>();
            stateIt.forEachRemaining(input::add);
            int partition = org.apache.spark.TaskContext.getPartitionId();
            // one scratch per task, reused by the partition's blocks; outputs go into generation pass − 2's arrays
            BlockScratch scratch = new BlockScratch(run == null ? SpareArrays.none()
                    : ReleasedStates.take(run, partition, pass - 2, input));
            List<BlockState> out = new ArrayList<>(input.size());
            PassResult partial = new PassResult(shape, request);
            for (BlockState s : input) {
                SampleBlock block = blockIt.next();
                BlockState next = FaultInjection.maybePoison(pass, step.apply(block, s, scratch));
                partial.add(block, next);
                out.add(next);
            }
            FusedStatistics.leave(pass, partial);
            if (run != null) {
                ReleasedStates.offer(run, partition, pass - 1, input, scratch);
            }
            return out.iterator();
        };
    }

    private static org.apache.spark.api.java.function.FlatMapFunction2<Iterator<SampleBlock>, Iterator<BlockState>, PassResult>
            aggregate(NetworkShape shape, SufficientStatistics.Request request, int pass) {
        return (blockIt, stateIt) -> {
            PassResult fused = FusedStatistics.take(pass);
            if (fused != null) {
                return Collections.singletonList(fused).iterator();
            }
            PassResult partial = new PassResult(shape, request);
            while (blockIt.hasNext()) {
                partial.add(blockIt.next(), stateIt.next());
            }
            return Collections.singletonList(partial).iterator();
        };
    }

    private static org.apache.spark.api.java.function.FlatMapFunction2<Iterator<SampleBlock>, Iterator<BlockState>, Double>
            lagrangianTerms(Broadcast<NetworkWeights> w, double rho, double[] beta, double lambdaV, double lossWeight,
                    double alpha) {
        return (blockIt, stateIt) -> {
            double sum = 0;
            while (blockIt.hasNext()) {
                sum += AugmentedLagrangian.sampleTerms(blockIt.next(), stateIt.next(), w.value(), rho, beta, lambdaV,
                        lossWeight, alpha);
            }
            return Collections.singletonList(sum).iterator();
        };
    }

    /** One partition's fit: its blocks' totals in block order; ZERO for a partition without blocks. */
    private static org.apache.spark.api.java.function.FlatMapFunction<Iterator<SampleBlock>, StepTotals> fitFunction(
            Broadcast<NetworkWeights> w, double alpha) {
        return blockIt -> {
            StepTotals total = StepTotals.ZERO;
            while (blockIt.hasNext()) {
                total = total.plus(ForwardPass.fit(blockIt.next(), w.value(), alpha));
            }
            return Collections.singletonList(total).iterator();
        };
    }
}
