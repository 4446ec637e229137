package org.ialam.driver.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.ialam.driver.solver.GroupLassoResult;
import org.ialam.driver.solver.GroupLassoSolver;
import org.ialam.driver.solver.GroupLassoStop;
import org.ialam.driver.solver.PreparedGram;
import org.ialam.driver.spark.DistributedSamples;
import org.ialam.driver.spark.PassResult;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import org.ialam.ops.StepTotals;
import org.ialam.ops.SufficientStatistics;
import org.ialam.ops.VuStepCoefficients;

/**
 * The inexact augmented Lagrangian method of ialam.md §3–§4 on distributed samples.
 *
 * <p>Outer iteration k: J_max inner iterations of [(W,b) step on the driver (§4.1), (v,u) step on the executors
 * (§4.2)], then the ξ update on the executors and the ρ rule on the driver (§3). Each inner iteration makes one pass
 * over the samples, which also gathers the statistics of the next (W,b) step; each outer iteration makes one more,
 * which also measures the residual, feasibility and training fit.
 */
public final class IalamTrainer {
    private final IalamConfig config;
    private GroupLassoSolver solver;
    private Consumer<OuterIteration> onOuter = it -> { };
    private Consumer<InnerIteration> onInner = it -> { };
    private InnerTrace innerTrace;
    private Checkpointer checkpointer;

    /** Receives L_ρ around every block of every inner iteration (costs three extra passes; for tests). */
    public interface InnerTrace {
        void onInner(int k, int j, double beforeWeightStep, double afterWeightStep, double afterVuStep);
    }

    public IalamTrainer(IalamConfig config) {
        this.config = config;
        this.solver = new GroupLassoSolver(config.solverTolerance, config.solverMaxIterations)
                .withBiasLowerBound(config.biasLowerBound);
    }

    /**
     * Threads of the driver's (W,b) solve (default 2): while it runs the executors wait for its result, so in local
     * mode the task slots' cores are free ({@link org.ialam.driver.spark.DriverCores}).
     */
    public IalamTrainer solverThreads(int threads) {
        this.solver = solver.withThreads(threads);
        return this;
    }

    public IalamTrainer onOuterIteration(Consumer<OuterIteration> listener) {
        this.onOuter = listener;
        return this;
    }

    public IalamTrainer onInnerIteration(Consumer<InnerIteration> listener) {
        this.onInner = listener;
        return this;
    }

    public IalamTrainer traceLagrangian(InnerTrace trace) {
        this.innerTrace = trace;
        return this;
    }

    /**
     * Trains from {@code start} (u = W v + b, v = σ(u), ξ = 0).
     *
     * @param test test blocks for TestErr/TestAcc, or null
     * @param classification whether argmax accuracy is meaningful
     */
    public TrainingResult train(JavaSparkContext sc, SamplePasses samples, JavaRDD<SampleBlock> test,
            NetworkWeights start, boolean classification) {
        int layers = samples.shape().layers();
        LayerStatistics statistics = new LayerStatistics(samples.shape());
        requireFinite(statistics.absorb(samples.initialise(start, config.alpha, SufficientStatistics.Request.all(layers))
                .statistics()), 0, "initial state (u = W v + b)", "u, v or a statistic");
        PenaltySchedule penalty = new PenaltySchedule(config.rho0(samples.size()), config.eta1, config.eta2,
                config.eta3, config.gamma, config.rhoLimitFactor);
        return run(sc, samples, test, classification, statistics,
                new TrainingState(0, start, penalty, List.of(), 0, 0, 0));
    }

    /**
     * Continues a run from a saved state: the driver's {@code from} and the per-sample u, v, ξ that
     * {@link SamplePasses#saveState} wrote to {@code stateDir} at the same outer iteration.
     */
    public TrainingResult resume(JavaSparkContext sc, SamplePasses samples, JavaRDD<SampleBlock> test,
            TrainingState from, String stateDir, boolean classification) {
        LayerStatistics statistics = new LayerStatistics(samples.shape());
        requireFinite(statistics.absorb(samples.restoreState(stateDir,
                SufficientStatistics.Request.all(samples.shape().layers())).statistics()), from.completedOuter,
                "restored state", "u, v, ξ or a statistic");
        return run(sc, samples, test, classification, statistics, from);
    }

    /** Saves the state after outer iterations (the checkpointer decides which). */
    public IalamTrainer checkpointer(Checkpointer c) {
        this.checkpointer = c;
        return this;
    }

    private TrainingResult run(JavaSparkContext sc, SamplePasses samples, JavaRDD<SampleBlock> test,
            boolean classification, LayerStatistics statistics, TrainingState from) {
        long started = System.nanoTime();
        NetworkShape shape = samples.shape();
        int layers = shape.layers();
        long n = samples.size();
        double alpha = config.alpha;
        double[] beta = new double[layers];
        Arrays.fill(beta, config.beta(n));
        PenaltySchedule penalty = from.penalty;
        NetworkWeights weights = from.weights;
        List<OuterIteration> history = new ArrayList<>(from.history);
        StopReason stop = StopReason.MAX_OUTER;
        int totalInner = from.innerIterations;
        // G_1 is fixed for the run: prepared once (PreparedGram); the others change with every (v,u) step
        PreparedGram[] grams = new PreparedGram[layers];
        double innerSeconds = from.innerSeconds;
        if (penalty.exhausted()) {
            stop = StopReason.RHO_LIMIT;
        }

        for (int k = from.completedOuter + 1; k <= config.maxOuter && stop != StopReason.RHO_LIMIT; k++) {
            long outerStart = System.nanoTime();
            double rho = penalty.rho();
            InnerStop innerStop = InnerStop.MAX_INNER;
            long solverIterations = 0;
            double solverSeconds = 0;
            int unconvergedSolves = 0;
            double worstSolverResidual = 0;
            int j = 0;
            while (j < config.maxInner) {
                j++;
                long innerStart = System.nanoTime();
                double lagrangianBefore = innerTrace == null ? 0 : lagrangian(samples, weights, rho, beta, n);
                long solveStart = System.nanoTime();
                WeightStep step = solveWeights(statistics, grams, weights, rho);
                double solveSeconds = (System.nanoTime() - solveStart) / 1e9;
                solverSeconds += solveSeconds;
                solverIterations += step.solverIterations;
                unconvergedSolves += step.unconverged;
                worstSolverResidual = Math.max(worstSolverResidual, step.worstResidual);
                double lagrangianMiddle = innerTrace == null ? 0 : lagrangian(samples, step.weights, rho, beta, n);
                PassResult pass = samples.vuStep(step.weights, coefficients(step.weights, rho, beta, n), vuStepRequest(layers, rho));
                boolean finiteStatistics = statistics.absorb(pass.statistics());
                if (innerTrace != null) {
                    innerTrace.onInner(k, j, lagrangianBefore, lagrangianMiddle,
                            lagrangian(samples, step.weights, rho, beta, n));
                }
                StepTotals totals = pass.totals();
                requireFinite(step.weights.isFinite(), k, "inner iteration " + j + ", (W,b) step", "W or b");
                requireFinite(finiteStatistics && Double.isFinite(totals.changeSquared) && Double.isFinite(totals.normSquared), k,
                        "inner iteration " + j + ", (v,u) step", "u or v");
                double weightChange = step.weights.distanceTo(weights) / Math.max(weights.norm(), Double.MIN_NORMAL);
                double vuChange = Math.sqrt(totals.changeSquared / Math.max(totals.normSquared, Double.MIN_NORMAL));
                weights = step.weights;
                double seconds = (System.nanoTime() - innerStart) / 1e9;
                innerSeconds += seconds;
                totalInner++;
                onInner.accept(new InnerIteration(k, j, seconds, solveSeconds, step.solverIterations, weightChange,
                        vuChange, step.unconverged, step.worstResidual));
                if (weightChange < config.innerTolerance && vuChange < config.innerTolerance) {
                    innerStop = InnerStop.CONVERGED;
                    break;
                }
            }

            // ξ^k = ξ^{k−1} + ρ^{k−1} r^k, with the residual and fit of the final inner point (§3 step 2, §6)
            PassResult update = samples.multiplierStep(weights, rho, alpha, multiplierRequest(layers));
            boolean finiteStatistics = statistics.absorb(update.statistics());
            StepTotals totals = update.totals();
            requireFinite(finiteStatistics && Double.isFinite(totals.residualSquared) && Double.isFinite(totals.multiplierSquared)
                    && Double.isFinite(totals.squaredError), k, "multiplier update", "ξ or the residual");
            double residualNorm = Math.sqrt(totals.residualSquared);
            double multiplierNorm = Math.sqrt(totals.multiplierSquared);
            StepTotals testFit = test == null ? null : DistributedSamples.fit(sc, test, weights, alpha);
            penalty.update(residualNorm, multiplierNorm);

            OuterIteration record = new OuterIteration(k, rho, residualNorm,
                    (totals.activationGapSquared + totals.residualSquared) / n,
                    totals.squaredError / n,
                    testFit == null ? Double.NaN : testFit.squaredError / testFit.count,
                    classification ? (double) totals.correct / n : Double.NaN,
                    testFit == null || !classification ? Double.NaN : (double) testFit.correct / testFit.count,
                    (double) weights.zeroColumns(config.sparsityEpsilon) / shape.weightColumns(),
                    (System.nanoTime() - outerStart) / 1e9, j, innerStop, solverIterations, solverSeconds,
                    unconvergedSolves, worstSolverResidual);
            history.add(record);
            onOuter.accept(record);
            if (penalty.exhausted()) {
                stop = StopReason.RHO_LIMIT;
            }
            if (checkpointer != null) {
                checkpointer.save(new TrainingState(k, weights, penalty, history, totalInner, innerSeconds,
                        from.seconds + (System.nanoTime() - started) / 1e9), samples);
            }
        }
        double seconds = from.seconds + (System.nanoTime() - started) / 1e9;
        return new TrainingResult(weights, history, stop, totalInner, seconds, innerSeconds / Math.max(1, totalInner));
    }

    /**
     * The per-pass sums touch every u, v and ξ, so a non-finite sum is how a non-finite iterate shows, at no
     * extra cost.
     */
    private static void requireFinite(boolean finite, int k, String where, String what) {
        if (!finite) {
            throw new NumericalFailureException("non-finite " + what + " at outer iteration " + k + ", " + where
                    + ": training stopped (try a smaller --init-scale or a larger --rho0)");
        }
    }

    /**
     * The result of one (W,b) step: the layers' solves that stopped short of the tolerance, and the largest
     * relative KKT residual among them all.
     */
    private record WeightStep(NetworkWeights weights, long solverIterations, int unconverged, double worstResidual) {
    }

    /**
     * §4.1: one group-lasso problem per layer, from the statistics, warm-started at the current W̃. {@code grams} holds
     * each layer's last prepared G, replaced when the statistics hold a new G.
     */
    private WeightStep solveWeights(LayerStatistics statistics, PreparedGram[] grams, NetworkWeights current,
            double rho) {
        NetworkShape shape = current.shape();
        double[][] next = new double[shape.layers()][];
        long iterations = 0;
        int unconverged = 0;
        double worstResidual = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            int m = shape.width(l);
            int p = shape.width(l - 1) + 1;
            double[] gram = statistics.gram(l);
            if (grams[l - 1] == null || !grams[l - 1].isOf(gram)) {
                grams[l - 1] = solver.prepare(gram, p);
            }
            GroupLassoResult result = solver.solve(grams[l - 1], statistics.cross(l, rho), m, rho, config.lambdaW,
                    current.augmented(l));
            next[l - 1] = result.solution();
            iterations += result.iterations();
            unconverged += result.stopReason() == GroupLassoStop.CONVERGED ? 0 : 1;
            worstResidual = Math.max(worstResidual, result.relativeKktResidual());
        }
        return new WeightStep(new NetworkWeights(shape, next), iterations, unconverged, worstResidual);
    }

    /** §4.2: τ_1 for layer 1, τ_l = ρ(||W_l||₂² + 1) + τ_1 for l ≥ 2, and the other scalars of the (v,u) step. */
    private VuStepCoefficients coefficients(NetworkWeights weights, double rho, double[] beta, long n) {
        NetworkShape shape = weights.shape();
        double tau1 = config.tau1(n);
        double[] tau = new double[shape.layers()];
        tau[0] = tau1;
        for (int l = 2; l <= shape.layers(); l++) {
            double norm = SpectralNorm.of(weights.augmented(l), shape.width(l), shape.width(l - 1));
            tau[l - 1] = VuStepCoefficients.proximalWeight(rho, norm, tau1);
        }
        return new VuStepCoefficients(rho, tau, beta, config.lambdaV(n), 1.0 / n, config.alpha);
    }

    /**
     * After a (v,u) step: G_l for l ≥ 2 (G_1 depends on x only), D_1 (E_1's a = [x;1] is fixed), and for l ≥ 2
     * C_l = Σ (u + ξ/ρ) aᵀ at this inner loop's ρ, one product where D_l and E_l would take two.
     */
    private static SufficientStatistics.Request vuStepRequest(int layers, double rho) {
        boolean[] notFirst = new boolean[layers];
        Arrays.fill(notFirst, 1, layers, true);
        boolean[] first = new boolean[layers];
        first[0] = true;
        return SufficientStatistics.Request.withTarget(notFirst, first, new boolean[layers], notFirst, rho);
    }

    /** After the ξ update (ρ may change next): E_l of every layer, and D_l for l ≥ 2, whose C_l held the old ρ. */
    private static SufficientStatistics.Request multiplierRequest(int layers) {
        boolean[] notFirst = new boolean[layers];
        Arrays.fill(notFirst, 1, layers, true);
        boolean[] all = new boolean[layers];
        Arrays.fill(all, true);
        return new SufficientStatistics.Request(new boolean[layers], notFirst, all);
    }

    private double lagrangian(SamplePasses samples, NetworkWeights weights, double rho, double[] beta, long n) {
        return samples.augmentedLagrangianTerms(weights, rho, beta, config.lambdaV(n), 1.0 / n, config.alpha)
                + config.lambdaW * weights.groupNorm();
    }
}
