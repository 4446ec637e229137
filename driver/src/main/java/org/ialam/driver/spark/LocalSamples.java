package org.ialam.driver.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.train.SamplePasses;
import org.ialam.ops.AugmentedLagrangian;
import org.ialam.ops.BlockState;
import org.ialam.ops.InitialState;
import org.ialam.ops.MultiplierStep;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStep;
import org.ialam.ops.VuStepCoefficients;

/**
 * The same passes as {@link DistributedSamples}, with the same blocks and kernels, on a fixed pool of threads in
 * this JVM, one block per task and no Spark: the baseline of the benchmark's Spark-overhead figure. Partial results
 * are merged in block order.
 */
public final class LocalSamples implements SamplePasses {
    private final NetworkShape shape;
    private final List<SampleBlock> blocks;
    private final ExecutorService pool;
    private List<BlockState> state;
    private final long size;

    public LocalSamples(NetworkShape shape, LabeledData data, int partitions, int threads) {
        this.shape = shape;
        this.blocks = SampleBlocks.cutAll(data, partitions).stream().flatMap(List::stream).toList();
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
        return advance((block, s) -> InitialState.forward(block, weights, alpha), request);
    }

    @Override
    public PassResult vuStep(NetworkWeights weights, VuStepCoefficients coefficients, SufficientStatistics.Request request) {
        return advance((block, s) -> VuStep.apply(block, s, weights, coefficients), request);
    }

    @Override
    public PassResult multiplierStep(NetworkWeights weights, double rho, double alpha, SufficientStatistics.Request request) {
        return advance((block, s) -> MultiplierStep.apply(block, s, weights, rho, alpha), request);
    }

    @Override
    public double augmentedLagrangianTerms(NetworkWeights weights, double rho, double[] beta, double lambdaV,
            double lossWeight, double alpha) {
        double sum = 0;
        for (double part : inParallel(i -> AugmentedLagrangian.sampleTerms(blocks.get(i), state.get(i), weights, rho,
                beta, lambdaV, lossWeight, alpha))) {
            sum += part;
        }
        return sum;
    }

    @Override
    public void saveState(String dir) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        for (int i = 0; i < state.size(); i++) {
            StateFiles.write(List.of(state.get(i)).iterator(), StateFiles.part(dir, i), conf);
        }
    }

    @Override
    public PassResult restoreState(String dir, SufficientStatistics.Request request) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        return advance((block, s) -> StateFiles.read(StateFiles.part(dir, blocks.indexOf(block)), conf).get(0), request);
    }

    private PassResult advance(BiFunction<SampleBlock, BlockState, BlockState> step, SufficientStatistics.Request request) {
        List<BlockState> previous = state;
        List<Object[]> parts = inParallel(i -> {
            BlockState next = step.apply(blocks.get(i), previous == null ? null : previous.get(i));
            return new Object[] {next, new PassResult(shape, request).add(blocks.get(i), next)};
        });
        List<BlockState> next = new ArrayList<>(parts.size());
        PassResult total = null;
        for (Object[] part : parts) {
            next.add((BlockState) part[0]);
            PassResult r = (PassResult) part[1];
            total = total == null ? r : total.merge(r);
        }
        state = next;
        return total;
    }

    private <T> List<T> inParallel(Function<Integer, T> task) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
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
