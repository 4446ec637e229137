package org.ialam.driver.solver;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.ialam.driver.solver.ScaledGroupLasso.Comparison;
import org.ialam.driver.solver.ScaledGroupLasso.Iterate;

/**
 * The (W,b) step of one layer, ialam.md §4.1: a group-lasso least-squares problem in the sufficient
 * statistics {@code G = Σ_n a_n a_nᵀ} (p×p) and {@code C = Σ_n t_n a_nᵀ} (m×p), {@code a_n = [v_n; 1]}:
 *
 * <pre>
 *   min_{W̃ = [W b]}  F(W̃) = λ Σ_{j &lt; p−1} ||W̃_{:,j}||₂ + (ρ/2) [ tr(W̃ G W̃ᵀ) − 2 tr(W̃ Cᵀ) ]
 *   s.t.  b ≥ lb elementwise (optional, ialam.md §7)
 * </pre>
 *
 * The bias column {@code p−1} is not penalised; the constant {@code (ρ/2) Σ_n ||t_n||²} is dropped.
 * Gradient of the smooth part: {@code ∇ = ρ(W̃G − C)}.
 *
 * <h2>Method</h2>
 * Proximal gradient with Barzilai–Borwein steps and the non-monotone Grippo–Lampariello–Lucidi line
 * search — SpaRSA (Wright, Nowak, Figueiredo, IEEE Trans. Signal Process. 57, 2009) and Dai–Fletcher
 * (Numer. Math. 100, 2005), which the paper cites. With {@code α_k} the inverse step length:
 * <pre>
 *   W̃⁺ = prox(W̃_k − ∇_k/α_k):  w_j ← max(0, 1 − λ/(α_k ||w_j||)) w_j,   b ← max(b, lb)
 *   accept if F(W̃⁺) ≤ max_{i=k−M+1..k} F(W̃_i) − (σ/2) α_k ||W̃⁺ − W̃_k||²,  else α_k ← 2α_k
 *   α_{k+1} = ⟨s,y⟩/⟨s,s⟩ and ⟨y,y⟩/⟨s,y⟩ in turn, in [α_max·10⁻¹², α_max],  s = W̃_{k+1} − W̃_k, y = ∇_{k+1} − ∇_k
 * </pre>
 * Alternating the two BB quotients (the "alternate" BB step studied by Dai and Fletcher) took up to a
 * fifth fewer steps than the first quotient alone on MNIST. The first α is ρ times a power-iteration
 * estimate of the largest eigenvalue, i.e. about the classical safe step. {@code α_max = ρ tr(Ĝ) ≥ L}
 * (Ĝ below) is a step the line search always accepts, so failing there means rounding has taken over
 * ({@link GroupLassoStop#STALLED}). Since every reference value is at most {@code F(W̃_0)}, no accepted
 * iterate is worse than the warm start — the outer loop relies on that. A last comparison with the warm
 * start, evaluated exactly as {@link #objective} does, makes it hold in floating point too.
 *
 * <h2>What makes it fast on pixel data</h2>
 * On the first 2000 MNIST images (m = 200, p = 785, κ(G) ≈ 10⁷ on its range) the method above needs
 * about a thousand products W̃G to reach a relative KKT residual of 10⁻⁶ even with the first two
 * additions below; with all three it needs 12–57 steps from a zero start (see the size test).
 * <ol>
 *   <li><b>Screening.</b> A column with {@code G_jj = 0} (an input that is zero in every sample) has
 *       {@code G_{:,j} = 0} and {@code C_j = 0}: its gradient is zero forever and its optimum is exactly
 *       {@code w_j = 0}. It is set to zero and left out of every product — a shrinking iteration would
 *       only approach that zero (ialam.md §4.1).</li>
 *   <li><b>Jacobi scaling</b> {@code z_j = sqrt(G_jj) w_j} ({@link ScaledGroupLasso}). The scaling is one
 *       scalar per group, so the prox stays an exact group soft-thresholding, and one BB step in z is a
 *       step {@code ∝ 1/(ρ G_jj)} per column in w. Pixel columns' scales spread over six orders of
 *       magnitude (pixels near the border are inked in only a handful of images); scaling shrinks the spread
 *       of the spectrum from about 10⁷ to 10⁴ on MNIST and the number of products three- to four-fold.</li>
 *   <li><b>Support steps.</b> κ ≈ 10⁴ still costs a first-order method hundreds of products. But the
 *       Hessian is {@code ρG ⊗ I_m} with G only p×p and shared by all m rows, so a Cholesky factorisation
 *       of a p×p matrix costs about one product. Every third step therefore first tries the
 *       majorise–minimise (iteratively reweighted least-squares) step on the predicted support S: with
 *       {@code λ||w_j|| ≤ λ(||w_j||²/||w_{k,j}|| + ||w_{k,j}||)/2},
 *       <pre>
 *       W̃_S ← ρ C_S (ρ G_SS + λ diag(1/||w_{k,j}||))⁻¹,  W̃_j ← 0 for j ∉ S,  bias bound enforced exactly,
 *       </pre>
 *       where S holds the bias and the non-zero columns whose column-wise minimiser is non-zero,
 *       {@code ||∇_j − ρG_jj w_j|| > λ}. It is taken if it lowers F, which a majorise–minimise step does
 *       unless the support prediction was wrong. Neither kind of step suffices alone: the
 *       proximal-gradient steps add and remove columns and cope with the directions the majoriser
 *       over-damps (a column's own norm, where the penalty is linear), the support steps solve the
 *       ill-conditioned quadratic on the support. At λ = 0.1 support steps alone took 7000 steps where the
 *       mix took 250; periods 2–4 were about equally good, 5 and 10 slower.</li>
 * </ol>
 *
 * <h2>Stopping</h2>
 * On the first-order optimality residual, column by column, in the units of the gradient:
 * <pre>
 *   w_j = 0:  max(0, ||∇_j|| − λ)        w_j ≠ 0:  ||∇_j + λ w_j/||w_j|| ||
 *   bias:     ||∇_b||, where with a bound a component at the bound counts only if ∇_{b,i} &lt; 0
 * </pre>
 * Converged when the largest is at most {@code tolerance · max(λ, max_j ||ρC_j||, tiny)}. Under the
 * paper's scaling (ρ ∝ 1/N, G and C ∝ N) both terms of that scale are O(1) — {@code ||ρC_j||} is the
 * gradient norm at W̃ = 0 — so one tolerance serves every N. Otherwise stops after
 * {@code maxIterations} accepted steps (of either kind), or when rounding stalls the line search.
 *
 * <p>Immutable and serializable: configure once, ship with the trainer configuration.
 */
public final class GroupLassoSolver implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Memory M of the non-monotone reference value. */
    public static final int DEFAULT_NONMONOTONE_MEMORY = 10;
    /** σ of the sufficient-decrease test; any σ ∈ (0,1) keeps the guarantees (SpaRSA's choice). */
    private static final double SUFFICIENT_DECREASE = 1e-4;
    /** Factor by which a rejected trial increases α, i.e. shortens the step. */
    private static final double BACKTRACK = 2.0;
    /** Every SUPPORT_PERIOD-th step tries a support step first (class comment). */
    private static final int SUPPORT_PERIOD = 3;

    private final double tolerance;
    private final int maxIterations;
    private final double biasLowerBound;
    private final int nonmonotoneMemory;
    private final int threads;

    /**
     * With two threads (the products' output columns split between the caller and a pool thread, {@link ColumnSplit}).
     *
     * @param tolerance     bound on the relative KKT residual (class comment), e.g. 1e-6
     * @param maxIterations bound on accepted steps, e.g. 5000
     */
    public GroupLassoSolver(double tolerance, int maxIterations) {
        this(tolerance, maxIterations, Double.NEGATIVE_INFINITY, DEFAULT_NONMONOTONE_MEMORY, 2);
    }

    private GroupLassoSolver(double tolerance, int maxIterations, double biasLowerBound, int nonmonotoneMemory,
                             int threads) {
        if (!(tolerance >= 0) || maxIterations < 0 || Double.isNaN(biasLowerBound)
                || biasLowerBound == Double.POSITIVE_INFINITY || nonmonotoneMemory < 1 || threads < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "need tolerance >= 0, maxIterations >= 0, biasLowerBound < +inf, memory >= 1, threads >= 1; "
                            + "got %s, %d, %s, %d, %d", tolerance, maxIterations, biasLowerBound, nonmonotoneMemory,
                    threads));
        }
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.biasLowerBound = biasLowerBound;
        this.nonmonotoneMemory = nonmonotoneMemory;
        this.threads = threads;
    }

    /** A copy that also enforces {@code b ≥ lowerBound} (ialam.md §7); {@code -∞} removes the bound. */
    public GroupLassoSolver withBiasLowerBound(double lowerBound) {
        return new GroupLassoSolver(tolerance, maxIterations, lowerBound, nonmonotoneMemory, threads);
    }

    /** A copy whose line search compares with the largest of the last {@code memory} objectives (1 = monotone). */
    public GroupLassoSolver withNonmonotoneMemory(int memory) {
        return new GroupLassoSolver(tolerance, maxIterations, biasLowerBound, memory, threads);
    }

    /**
     * A copy whose products and triangular solves use up to {@code threads} threads (the caller's and the solver's
     * pool's, {@link ColumnSplit}). The iterates do not depend on it beyond rounding: each thread computes whole output
     * columns (or rows) of the same products.
     */
    public GroupLassoSolver withThreads(int threads) {
        return new GroupLassoSolver(tolerance, maxIterations, biasLowerBound, nonmonotoneMemory, threads);
    }

    public double tolerance() {
        return tolerance;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double biasLowerBound() {
        return biasLowerBound;
    }

    public int nonmonotoneMemory() {
        return nonmonotoneMemory;
    }

    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "GroupLassoSolver[tolerance=%s, maxIterations=%d, biasLowerBound=%s, nonmonotoneMemory=%d, threads=%d]",
                tolerance, maxIterations, biasLowerBound, nonmonotoneMemory, threads);
    }

    /**
     * Minimises F from {@code warmStart}; the same as
     * {@code solve(prepare(gram, p), cross, m, rho, lambda, warmStart)}. If the warm start satisfies the bias bound, the
     * result's objective (as {@link #objective} computes it) is at most the warm start's.
     *
     * @param gram      G, p×p column-major, symmetric positive semidefinite, {@code G_{p−1,p−1} > 0}
     * @param cross     C, m×p column-major
     * @param warmStart W̃₀, m×p column-major; not modified
     * @throws IllegalArgumentException on inconsistent sizes, non-finite input, or a column with
     *                                  {@code G_jj = 0} but {@code ||ρC_j|| > λ} (F unbounded below)
     */
    public GroupLassoResult solve(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                  double[] warmStart) {
        return solve(prepare(gram, p), cross, m, rho, lambda, warmStart);
    }

    /**
     * What every solve on G derives from G alone ({@link PreparedGram}), for solves on the same G with different C,
     * ρ, λ or warm starts, e.g. layer 1's throughout a training run.
     *
     * @param gram G, p×p column-major, symmetric positive semidefinite, {@code G_{p−1,p−1} > 0}; kept by reference
     *             and must not change afterwards
     * @throws IllegalArgumentException if G is not p×p, has a non-finite entry or {@code G_{p−1,p−1} ≤ 0}
     */
    public PreparedGram prepare(double[] gram, int p) {
        return new PreparedGram(gram, p);
    }

    /**
     * Minimises F on a prepared G from {@code warmStart}; bit for bit the result of {@link #solve(double[], double[],
     * int, int, double, double, double[]) the same solve on G itself}. Not for two solves on one preparation at once.
     *
     * @param cross     C, m×p column-major
     * @param warmStart W̃₀, m×p column-major; not modified
     * @throws IllegalArgumentException on inconsistent sizes, non-finite input, or a column with
     *                                  {@code G_jj = 0} but {@code ||ρC_j|| > λ} (F unbounded below)
     */
    public GroupLassoResult solve(PreparedGram gram, double[] cross, int m, double rho, double lambda,
                                  double[] warmStart) {
        int p = gram.p;
        checkArguments(cross, m, p, rho, lambda, warmStart);
        ScaledGroupLasso problem = new ScaledGroupLasso(gram, cross, m, rho, lambda, biasLowerBound, threads);
        double scale = Math.max(lambda, Math.max(problem.maxCrossColumnNorm, Double.MIN_NORMAL));
        Descent descent = new Descent(problem, warmStart);
        GroupLassoStop stop;
        while (true) {
            if (problem.kktResidual(descent.current) <= tolerance * scale) {
                stop = GroupLassoStop.CONVERGED;
                break;
            }
            if (descent.iterations == maxIterations) {
                stop = GroupLassoStop.MAX_ITERATIONS;
                break;
            }
            if (descent.iterations % SUPPORT_PERIOD == SUPPORT_PERIOD - 1 && descent.supportStep()) {
                continue;
            }
            if (!descent.proximalGradientStep()) {
                stop = GroupLassoStop.STALLED;
                break;
            }
        }
        return finish(gram, cross, m, p, rho, lambda, warmStart, descent, scale, stop);
    }

    /** The state of one solve: the iterate, the non-monotone reference values and the BB step. */
    private final class Descent {
        final ScaledGroupLasso problem;
        Iterate current;
        /** A buffer for trial points, reused to spare a large allocation per step. */
        Iterate trial;
        /** F(current), carried forward by exact changes (ScaledGroupLasso.compare). */
        double objective;
        /** The last M objective values, a ring indexed by iterations. */
        final double[] recent;
        double alpha;
        boolean longStep = true;
        int iterations;
        int evaluations = 1;
        int supportSteps;

        Descent(ScaledGroupLasso problem, double[] warmStart) {
            this.problem = problem;
            this.current = problem.start(warmStart);
            this.objective = problem.objective(current);
            this.recent = new double[nonmonotoneMemory];
            Arrays.fill(recent, objective);
            this.alpha = problem.initialInverseStep();
        }

        /** Tries the support step; true if it lowered F and was taken. */
        boolean supportStep() {
            supportSteps++;
            Iterate candidate = problem.supportStep(current, trial);
            if (candidate == null) {
                return false;
            }
            trial = candidate;
            double change = problem.compare(current, candidate).objectiveChange;
            if (!(change < 0)) {
                return false;
            }
            accept(change);
            return true;
        }

        /** One proximal-gradient step with the non-monotone line search; false if rounding stalled it. */
        boolean proximalGradientStep() {
            double reference = Arrays.stream(recent).max().orElseThrow();
            Comparison step;
            while (true) {
                trial = problem.proximalStep(current, alpha, trial);
                evaluations++;
                step = problem.compare(current, trial);
                // reference − objective ≥ 0 is exact (reference is a max that includes objective), and the
                // change is exact up to rounding of the step itself, so rounding in the O(|F|) values
                // cannot reject a step that truly decreases F.
                if (step.objectiveChange
                        <= (reference - objective) - 0.5 * SUFFICIENT_DECREASE * alpha * step.stepSquared) {
                    break;
                }
                if (alpha >= problem.maxInverseStep) {
                    return false;
                }
                alpha = Math.min(BACKTRACK * alpha, problem.maxInverseStep);
            }
            double bb;
            if (!(step.stepGradientChange > 0)) {
                bb = problem.minInverseStep;     // no curvature along the step: the longest step allowed
            } else if (longStep) {
                bb = step.stepGradientChange / step.stepSquared;
            } else {
                bb = step.gradientChangeSquared / step.stepGradientChange;
            }
            longStep = !longStep;
            alpha = Math.max(problem.minInverseStep, Math.min(problem.maxInverseStep, bb));
            accept(step.objectiveChange);
            return true;
        }

        private void accept(double change) {
            Iterate previous = current;
            current = trial;
            trial = previous;
            objective += change;
            recent[++iterations % recent.length] = objective;
        }
    }

    /**
     * Re-evaluates the final point on the full, unscaled problem, so that the reported residual and
     * objective are exact for the returned matrix, and falls back to the warm start if rounding made the
     * result worse than it (possible only when the warm start was optimal to rounding level). Costs two
     * products over the non-zero columns ({@link GramProduct}).
     */
    private GroupLassoResult finish(PreparedGram gram, double[] cross, int m, int p, double rho, double lambda,
                                    double[] warmStart, Descent descent, double scale, GroupLassoStop stop) {
        GramProduct product = gram.originalProduct;
        double[] w = descent.problem.toOriginal(descent.current);
        double[] gradient = gradient(cross, m, p, rho, w, product, threads);
        double f = objective(cross, m, p, rho, lambda, w, gradient);
        int evaluations = descent.evaluations + 1;
        if (satisfiesBound(warmStart, m, p)) {
            double[] warmGradient = gradient(cross, m, p, rho, warmStart, product, threads);
            double warmObjective = objective(cross, m, p, rho, lambda, warmStart, warmGradient);
            evaluations++;
            if (warmObjective < f) {
                w = warmStart.clone();
                gradient = warmGradient;
                f = warmObjective;
            }
        }
        double residual = kktResidual(w, gradient, m, p, lambda, biasLowerBound);
        return new GroupLassoResult(w, descent.iterations, evaluations, descent.supportSteps, residual, scale, f,
                zeroWeightColumns(w, m, p), stop);
    }

    /** The objective F of ialam.md §4.1 without its constant term; ignores the bias bound. */
    public static double objective(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                   double[] w) {
        return objective(cross, m, p, rho, lambda, w, gradient(cross, m, p, rho, w, new GramProduct(gram, p), 1));
    }

    /** F from the gradient: (ρ/2)⟨W̃, W̃G⟩ − ρ⟨W̃, C⟩ = (⟨W̃, ∇⟩ − ρ⟨W̃, C⟩)/2. */
    private static double objective(double[] cross, int m, int p, double rho, double lambda, double[] w,
                                    double[] gradient) {
        double smooth = 0;
        for (int k = 0; k < m * p; k++) {
            smooth += w[k] * (gradient[k] - rho * cross[k]);
        }
        double penalty = 0;
        for (int j = 0; j < p - 1; j++) {
            penalty += ScaledGroupLasso.columnNorm(w, m, j);
        }
        return 0.5 * smooth + lambda * penalty;
    }

    /** ∇ = ρ(W̃G − C). */
    private static double[] gradient(double[] cross, int m, int p, double rho, double[] w, GramProduct product,
                                     int threads) {
        double[] gradient = new double[m * p];
        product.gradient(w, cross, m, rho, threads, gradient);
        return gradient;
    }

    /** The column-wise KKT violation of the class comment. */
    private static double kktResidual(double[] w, double[] gradient, int m, int p, double lambda,
                                      double lowerBound) {
        double worst = 0;
        for (int j = 0; j < p - 1; j++) {
            worst = Math.max(worst,
                    groupResidual(w, gradient, m, j, ScaledGroupLasso.columnNorm(w, m, j), lambda));
        }
        return Math.max(worst, biasResidual(w, gradient, m, (p - 1) * m, lowerBound));
    }

    /** Column j's violation: {@code w_j = 0}: max(0, ||∇_j|| − λ);  {@code w_j ≠ 0}: ||∇_j + λ w_j/||w_j|| ||. */
    static double groupResidual(double[] w, double[] gradient, int m, int j, double norm, double lambda) {
        if (norm == 0) {
            return Math.max(0, ScaledGroupLasso.columnNorm(gradient, m, j) - lambda);
        }
        double sum = 0;
        for (int i = j * m; i < (j + 1) * m; i++) {
            double r = gradient[i] + lambda * w[i] / norm;
            sum += r * r;
        }
        return Math.sqrt(sum);
    }

    /** The bias column's projected-gradient violation: at the bound only a ∇ &lt; 0 (pointing inwards) counts. */
    static double biasResidual(double[] w, double[] gradient, int m, int offset, double lowerBound) {
        double sum = 0;
        for (int i = offset; i < offset + m; i++) {
            double g = w[i] <= lowerBound ? Math.min(gradient[i], 0) : gradient[i];
            sum += g * g;
        }
        return Math.sqrt(sum);
    }

    private boolean satisfiesBound(double[] w, int m, int p) {
        for (int i = (p - 1) * m; i < p * m; i++) {
            if (w[i] < biasLowerBound) {
                return false;
            }
        }
        return true;
    }

    private static int zeroWeightColumns(double[] w, int m, int p) {
        int zeros = 0;
        for (int j = 0; j < p - 1; j++) {
            if (ScaledGroupLasso.columnNorm(w, m, j) == 0) {
                zeros++;
            }
        }
        return zeros;
    }

    private static void checkArguments(double[] cross, int m, int p, double rho, double lambda, double[] warmStart) {
        if (m < 1 || cross.length != (long) m * p || warmStart.length != (long) m * p) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sizes: m=%d, p=%d, |C|=%d and |W0|=%d (need m*p)", m, p, cross.length, warmStart.length));
        }
        if (!(rho > 0) || !(lambda >= 0) || Double.isInfinite(rho) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("need 0 < rho < inf and 0 <= lambda < inf; got " + rho + ", " + lambda);
        }
        for (double[] a : new double[][] {cross, warmStart}) {
            for (double x : a) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("non-finite entry in C or the warm start");
                }
            }
        }
    }
}
