package org.ialam.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.SamplePasses;
import org.ialam.ops.AugmentedLagrangian;
import org.ialam.ops.BlockScratch;
import org.ialam.ops.BlockState;
import org.ialam.ops.InitialState;
import org.ialam.ops.MultiplierStep;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.SpareArrays;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStep;
import org.ialam.ops.VuStepCoefficients;

/**
 * The same passes as {@link DistributedSamples}, with the same partitions, blocks and kernels, on a fixed pool of
 * threads in this JVM and no Spark: the baseline of the benchmark's Spark-overhead figure. As in a Spark task, one
 * task per partition runs its blocks in order with one set of temporaries and one partial result, and writes its
 * output into the arrays of the generation before its input ({@link ReleasedStates}' protocol, without the need to
 * guard against recomputation); partial results are merged in partition order.
 */
public final class LocalSamples implements SamplePasses {
    private final NetworkShape shape;
    private final List<List<SampleBlock>> partitions;
    private final ExecutorService pool;
    /** Per partition, the state of each of its blocks. */
    private List<List<BlockState>> state;
    /** The generation before {@link #state}: nothing reads it any more, so the next step may overwrite its arrays. */
    private List<List<BlockState>> released;
    /** Per partition, the spare arrays the last step did not use. */
    private List<List<double[]>> unused;
    private final long size;

    public LocalSamples(NetworkShape shape, LabeledData data, int partitions, int threads) {
        this.shape = shape;
        this.partitions = SampleBlocks.cutAll(data, partitions);
        this.size = data.size();
        this.pool = Executors.newFixedThreadPool(threads);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public NetworkShape shape() {
        return shape;
    }

    @Override
    public PassResult initialise(NetworkWeights weights, double alpha, SufficientStatistics.Request request) {
        return advance((block, s, scratch) -> InitialState.forward(block, weights, alpha), request);
    }

    @Override
    public PassResult vuStep(NetworkWeights weights, VuStepCoefficients coefficients, SufficientStatistics.Request request) {
        return advance((block, s, scratch) -> VuStep.apply(block, s, weights, coefficients, scratch), request);
    }

    @Override
    public PassResult multiplierStep(NetworkWeights weights, double rho, double alpha, SufficientStatistics.Request request) {
        return advance((block, s, scratch) -> MultiplierStep.apply(block, s, weights, rho, alpha, scratch), request);
    }

    @Override
    public double augmentedLagrangianTerms(NetworkWeights weights, double rho, double[] beta, double lambdaV,
            double lossWeight, double alpha) {
        double sum = 0;
        for (double part : inParallel(p -> {
            double partial = 0;
            for (int b = 0; b < partitions.get(p).size(); b++) {
                partial += AugmentedLagrangian.sampleTerms(partitions.get(p).get(b), state.get(p).get(b), weights, rho,
                        beta, lambdaV, lossWeight, alpha);
            }
            return partial;
        })) {
            sum += part;
        }
        return sum;
    }

    @Override
    public void saveState(String dir) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        for (int p = 0; p < state.size(); p++) {
            StateFiles.write(state.get(p).iterator(), StateFiles.part(dir, p), conf);
        }
    }

    @Override
    public PassResult restoreState(String dir, SufficientStatistics.Request request) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        List<List<BlockState>> saved = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            saved.add(StateFiles.read(StateFiles.part(dir, p), conf));
        }
        state = saved;
        // the saved states are the next generation: a pass that keeps them gathers their statistics
        return advance((block, s, scratch) -> s, request);
    }

    /** False: {@link #restoreState} reads the files into memory, and nothing is ever recomputed from them. */
    @Override
    public boolean dependsOnFiles(String stateDir) {
        return false;
    }

    /** One partition's task: its new states, its partial statistics, and the spares it did not use. */
    private record TaskResult(List<BlockState> states, PassResult partial, List<double[]> unused) {
    }

    private PassResult advance(DistributedSamples.StateTransition step, SufficientStatistics.Request request) {
        List<List<BlockState>> previous = state;
        List<List<BlockState>> spare = released;
        List<List<double[]>> loose = unused;
        List<TaskResult> parts = inParallel(p -> {
            List<SampleBlock> blocks = partitions.get(p);
            List<BlockState> next = new ArrayList<>(blocks.size());
            BlockScratch scratch = new BlockScratch(spare == null || previous == null ? SpareArrays.none()
                    : SpareArrays.of(spare.get(p), loose == null ? List.of() : loose.get(p), previous.get(p)));
            PassResult partial = new PassResult(shape, request);
            for (int b = 0; b < blocks.size(); b++) {
                BlockState s = step.apply(blocks.get(b), previous == null ? null : previous.get(p).get(b), scratch);
                next.add(s);
                partial.add(blocks.get(b), s);
            }
            return new TaskResult(next, partial, scratch.unusedSpares());
        });
        List<List<BlockState>> next = new ArrayList<>(parts.size());
        List<List<double[]>> notTaken = new ArrayList<>(parts.size());
        PassResult total = null;
        for (TaskResult part : parts) {
            next.add(part.states());
            notTaken.add(part.unused());
            total = total == null ? part.partial() : total.merge(part.partial());
        }
        released = previous;
        unused = notTaken;
        state = next;
        return total;
    }

    private <T> List<T> inParallel(Function<Integer, T> task) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            int index = i;
            futures.add(pool.submit(() -> task.apply(index)));
        }
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
