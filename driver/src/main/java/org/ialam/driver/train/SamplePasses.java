package org.ialam.driver.train;

import org.ialam.driver.spark.PassResult;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStepCoefficients;

/**
 * The passes over the training samples that IALAM makes (ialam.md §3–§4), wherever the samples are: each pass
 * replaces the per-sample state by its next generation and returns the requested statistics and totals.
 * {@link org.ialam.driver.spark.DistributedSamples} runs them on Spark; {@link org.ialam.driver.spark.LocalSamples}
 * runs the same kernels on threads of one JVM (for measuring what Spark adds).
 */
public interface SamplePasses extends AutoCloseable {
    long size();

    NetworkShape shape();

    /** u = W v + b, v = σ(u), ξ = 0 (ialam.md §5). */
    PassResult initialise(NetworkWeights weights, double alpha, SufficientStatistics.Request request);

    /** One (v,u) step with new weights (ialam.md §4.2). */
    PassResult vuStep(NetworkWeights weights, VuStepCoefficients coefficients, SufficientStatistics.Request request);

    /** The ξ update with residual, feasibility and fit totals (ialam.md §3 step 2). */
    PassResult multiplierStep(NetworkWeights weights, double rho, double alpha, SufficientStatistics.Request request);

    /** Σ over samples of the per-sample part of L_ρ (a diagnostic pass). */
    double augmentedLagrangianTerms(NetworkWeights weights, double rho, double[] beta, double lambdaV,
            double lossWeight, double alpha);

    /** Writes the per-sample state durably below {@code dir}: one file per partition, holding its blocks in order. */
    void saveState(String dir);

    /** Replaces the per-sample state by the one {@link #saveState} wrote; returns its statistics. */
    PassResult restoreState(String dir, SufficientStatistics.Request request);

    /**
     * Whether a lost part of the current state could have to be rebuilt from the files below {@code stateDir}: true
     * for a state {@link #restoreState restored} from there that has not been cut loose from them since. Whoever
     * owns those files must keep them while this holds.
     */
    boolean dependsOnFiles(String stateDir);

    @Override
    void close();
}
