package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;

/**
 * The (W,b) step of one layer, ialam.md §4.1: a group-lasso least-squares problem in the sufficient
 * statistics {@code G = Σ_n a_n a_nᵀ} (p×p) and {@code C = Σ_n t_n a_nᵀ} (m×p), {@code a_n = [v_n; 1]}:
 *
 * <pre>
 *   min_{W̃ = [W b]}  F(W̃) = λ Σ_{j<p−1} ||W̃_{:,j}||₂ + (ρ/2) [ tr(W̃ G W̃ᵀ) − 2 tr(W̃ Cᵀ) ]
 *   s.t. b ≥ lb (elementwise; optional, ialam.md §7)
 * </pre>
 *
 * The bias column {@code p−1} is not penalised. The constant {@code (ρ/2) Σ_n ||t_n||²} is dropped.
 * Gradient of the smooth part: {@code ∇ = ρ(W̃G − C)}.
 *
 * <h2>Method</h2>
 * Proximal gradient with Barzilai–Borwein steps and the non-monotone Grippo–Lampariello–Lucidi line
 * search: SpaRSA (Wright, Nowak, Figueiredo, IEEE TSP 57, 2009), the scheme of Dai and Fletcher
 * (Numer. Math. 100, 2005) cited by the paper. With {@code α_k} the inverse step,
 * <pre>
 *   W̃⁺ = prox_{F−f, 1/α_k}(W̃_k − ∇_k/α_k)   (group soft-thresholding of weight columns,
 *                                             w_j ← max(0, 1 − λ/(α_k ||w_j||)) w_j; bias clamped to ≥ lb)
 *   accept if F(W̃⁺) ≤ max_{i=k−M+1..k} F(W̃_i) − (σ/2) α_k ||W̃⁺ − W̃_k||²,  else α_k ← 2α_k
 *   α_{k+1} = ⟨s, y⟩ / ⟨s, s⟩,  s = W̃_{k+1} − W̃_k,  y = ∇_{k+1} − ∇_k   (BB, safeguarded)
 * </pre>
 * Every accepted objective is below the reference value, which never exceeds {@code F(W̃_0)}, so the
 * result is never worse than the warm start — the outer loop relies on that. A final comparison with
 * the warm start evaluated exactly as {@link #objective} does makes this hold in floating point too.
 *
 * <h2>Two reductions before iterating</h2>
 * <ol>
 *   <li><b>Screening.</b> A column with {@code G_jj = 0} (an input that is zero in every sample) has
 *       {@code G_{:,j} = 0} and {@code C_j = 0}, so its gradient is zero forever and its exact optimum is
 *       {@code w_j = 0} for every λ ≥ 0. It is set to zero and removed from the iteration, which both
 *       saves its share of every product and delivers the exact zero a shrinking iteration would only
 *       approach (ialam.md §4.1).</li>
 *   <li><b>Jacobi scaling.</b> In {@code z_j = sqrt(G_jj) w_j} the problem keeps its form with
 *       {@code Ĝ = D^{-1/2} G D^{-1/2}} (unit diagonal), {@code Ĉ = C D^{-1/2}} and per-column weights
 *       {@code λ_j = λ/sqrt(G_jj)}. Because the scaling is one scalar per group, the prox stays an exact
 *       group soft-thresholding; one BB step in z is a per-column step {@code ∝ 1/(ρ G_jj)} in w. Pixel
 *       data have column scales spread over orders of magnitude (border pixels are almost always
 *       zero), and this removes that part of the ill-conditioning.</li>
 * </ol>
 *
 * <h2>Stopping</h2>
 * On the first-order optimality residual, column by column, in the units of the original gradient:
 * <pre>
 *   w_j = 0:  max(0, ||∇_j|| − λ)        w_j ≠ 0:  ||∇_j + λ w_j/||w_j|| ||
 *   bias:     ||∇_b|| without a bound; with one, components at the bound count only if ∇_{b,i} &lt; 0
 * </pre>
 * Converged when the largest is at most {@code tolerance · max(λ, max_j ||ρC_j||, tiny)}. Both terms
 * of the scale are O(1) under the paper's scaling ρ ∝ 1/N, G, C ∝ N ({@code ||ρC_j||} is the gradient
 * norm at W̃ = 0), so one tolerance serves every N. Also stops after {@code maxIterations} accepted
 * steps, or when rounding stalls the line search ({@link GroupLassoStop}).
 *
 * <p>Immutable and serializable: configure once, ship with the trainer configuration.
 */
public final class GroupLassoSolver implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Memory M of the non-monotone reference value: the paper's setting via SpaRSA. */
    public static final int DEFAULT_NONMONOTONE_MEMORY = 10;
    /** σ of the sufficient-decrease test (SpaRSA uses 10⁻⁴… any σ ∈ (0,1) keeps the guarantees). */
    private static final double SUFFICIENT_DECREASE = 1e-4;
    /** Factor by which a rejected trial increases α (halves the step). */
    private static final double BACKTRACK = 2.0;
    /** The BB inverse step is kept in [α_max/STEP_RANGE, α_max]; α_max = ρ tr(Ĝ) ≥ L. */
    private static final double STEP_RANGE = 1e12;
    /** Power iterations for the first step's estimate of λ_max(Ĝ). */
    private static final int POWER_ITERATIONS = 20;

    // ---- development switches (to be removed) ----
    static final boolean JACOBI = !Boolean.getBoolean("gl.noJacobi");
    static final String FIRST = System.getProperty("gl.first", "power");
    static final String BB = System.getProperty("gl.bb", "bb1");

    private final double tolerance;
    private final int maxIterations;
    private final double biasLowerBound;
    private final int nonmonotoneMemory;

    /**
     * @param tolerance     bound on the relative KKT residual (see class comment), e.g. 1e-6
     * @param maxIterations bound on accepted proximal-gradient steps, e.g. 5000
     */
    public GroupLassoSolver(double tolerance, int maxIterations) {
        this(tolerance, maxIterations, Double.NEGATIVE_INFINITY, DEFAULT_NONMONOTONE_MEMORY);
    }

    private GroupLassoSolver(double tolerance, int maxIterations, double biasLowerBound, int nonmonotoneMemory) {
        if (!(tolerance >= 0) || maxIterations < 0 || Double.isNaN(biasLowerBound)
                || biasLowerBound == Double.POSITIVE_INFINITY || nonmonotoneMemory < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "need tolerance >= 0, maxIterations >= 0, biasLowerBound < +inf, memory >= 1; got %s, %d, %s, %d",
                    tolerance, maxIterations, biasLowerBound, nonmonotoneMemory));
        }
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
        this.biasLowerBound = biasLowerBound;
        this.nonmonotoneMemory = nonmonotoneMemory;
    }

    /** A copy that also enforces {@code b ≥ lowerBound} (ialam.md §7); {@code -∞} removes the bound. */
    public GroupLassoSolver withBiasLowerBound(double lowerBound) {
        return new GroupLassoSolver(tolerance, maxIterations, lowerBound, nonmonotoneMemory);
    }

    /** A copy whose line search compares with the largest of the last {@code memory} objectives (1 = monotone). */
    public GroupLassoSolver withNonmonotoneMemory(int memory) {
        return new GroupLassoSolver(tolerance, maxIterations, biasLowerBound, memory);
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

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "GroupLassoSolver[tolerance=%s, maxIterations=%d, biasLowerBound=%s, nonmonotoneMemory=%d]",
                tolerance, maxIterations, biasLowerBound, nonmonotoneMemory);
    }

    /**
     * Minimises F from {@code warmStart}. If the warm start satisfies the bias bound, the result's
     * objective (as computed by {@link #objective}) is at most the warm start's.
     *
     * @param gram      G, p×p column-major, symmetric positive semidefinite, {@code G_{p−1,p−1} > 0}
     * @param cross     C, m×p column-major
     * @param warmStart W̃₀, m×p column-major; not modified
     * @throws IllegalArgumentException on inconsistent sizes or parameters, or if a column with
     *                                  {@code G_jj = 0} has {@code ||ρC_j|| > λ} (F is then unbounded below)
     */
    public GroupLassoResult solve(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                  double[] warmStart) {
        checkArguments(gram, cross, m, p, rho, lambda, warmStart);
        ScaledProblem problem = new ScaledProblem(gram, cross, m, p, rho, lambda, biasLowerBound);
        double scale = Math.max(lambda, Math.max(problem.maxCrossColumnNorm, Double.MIN_NORMAL));

        double[] z = problem.toScaled(warmStart);
        double[] product = problem.timesGram(z);
        double[] gradient = problem.gradient(product);
        double f = problem.objective(z, product);
        int evaluations = 1;

        double[] history = new double[nonmonotoneMemory];
        Arrays.fill(history, f);
        double alpha = problem.initialInverseStep();
        boolean alternate = false;
        int iterations = 0;
        GroupLassoStop stop;
        while (true) {
            if (problem.kktResidual(z, gradient) <= tolerance * scale) {
                stop = GroupLassoStop.CONVERGED;
                break;
            }
            if (iterations == maxIterations) {
                stop = GroupLassoStop.MAX_ITERATIONS;
                break;
            }
            double reference = max(history);
            double[] trial;
            double[] trialGradient;
            double[] step;
            double decrease;
            while (true) {
                trial = problem.proximalStep(z, gradient, alpha);
                step = minus(trial, z);
                double[] trialProduct = problem.timesGram(trial);
                trialGradient = problem.gradient(trialProduct);
                evaluations++;
                decrease = -problem.objectiveChange(z, gradient, trial, trialGradient, step);
                // reference − f ≥ 0 is exact in floating point (reference is a max that includes f), and
                // the change is computed from differences, so rounding in the O(|F|) values cannot block
                // a step that truly decreases F (see objectiveChange).
                if (decrease >= (f - reference) + 0.5 * SUFFICIENT_DECREASE * alpha * dot(step, step)) {
                    break;
                }
                if (alpha >= problem.maxInverseStep) {
                    trial = null;
                    break;
                }
                alpha = Math.min(BACKTRACK * alpha, problem.maxInverseStep);
            }
            if (trial == null) {
                stop = GroupLassoStop.STALLED;
                break;
            }
            double[] gradientChange = minus(trialGradient, gradient);
            double sy = dot(step, gradientChange);
            double ss = dot(step, step);
            double bb;
            if ("bb2".equals(BB) || ("abb".equals(BB) && alternate)) {
                bb = sy > 0 ? dot(gradientChange, gradientChange) / sy : problem.minInverseStep;
            } else {
                bb = sy > 0 ? sy / ss : problem.minInverseStep;
            }
            alternate = !alternate;
            alpha = Math.max(problem.minInverseStep, Math.min(problem.maxInverseStep, bb));
            z = trial;
            gradient = trialGradient;
            f -= decrease;
            history[++iterations % nonmonotoneMemory] = f;
        }
        return finish(gram, cross, m, p, rho, lambda, warmStart, problem.toOriginal(z), iterations, evaluations,
                scale, stop);
    }

    /**
     * Re-evaluates the final point on the full, unscaled problem, so the reported residual and objective
     * are exact for the returned matrix, and falls back to the warm start if rounding made the result
     * worse than it (possible only when the warm start was already optimal to rounding level).
     */
    private GroupLassoResult finish(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                    double[] warmStart, double[] w, int iterations, int evaluations, double scale,
                                    GroupLassoStop stop) {
        double[] gradient = fullGradient(gram, cross, m, p, rho, w);
        double f = objective(gram, cross, m, p, rho, lambda, w);
        evaluations++;
        if (satisfiesBound(warmStart, m, p)) {
            double warmObjective = objective(gram, cross, m, p, rho, lambda, warmStart);
            evaluations++;
            if (warmObjective < f) {
                w = warmStart.clone();
                f = warmObjective;
                gradient = fullGradient(gram, cross, m, p, rho, w);
                evaluations++;
            }
        }
        double residual = kktResidual(w, gradient, m, p, lambda, biasLowerBound);
        return new GroupLassoResult(w, iterations, evaluations, residual, scale, f, zeroWeightColumns(w, m, p), stop);
    }

    /** The objective F of ialam.md §4.1 without its constant term; ignores the bias bound. */
    public static double objective(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                   double[] w) {
        double[] product = new double[m * p];
        blas().dgemm("N", "N", m, p, p, 1.0, w, m, gram, p, 0.0, product, m);
        double quadratic = 0;
        for (int k = 0; k < m * p; k++) {
            quadratic += w[k] * (product[k] - 2 * cross[k]);
        }
        double penalty = 0;
        for (int j = 0; j < p - 1; j++) {
            penalty += columnNorm(w, m, j);
        }
        return 0.5 * rho * quadratic + lambda * penalty;
    }

    private static double[] fullGradient(double[] gram, double[] cross, int m, int p, double rho, double[] w) {
        double[] gradient = cross.clone();
        blas().dgemm("N", "N", m, p, p, rho, w, m, gram, p, -rho, gradient, m);
        return gradient;
    }

    /** The column-wise KKT violation of the class comment, in original units. */
    static double kktResidual(double[] w, double[] gradient, int m, int p, double lambda, double lowerBound) {
        double worst = 0;
        double[] column = new double[m];
        for (int j = 0; j < p - 1; j++) {
            double norm = columnNorm(w, m, j);
            if (norm == 0) {
                worst = Math.max(worst, columnNorm(gradient, m, j) - lambda);
            } else {
                for (int i = 0; i < m; i++) {
                    column[i] = gradient[i + j * m] + lambda * w[i + j * m] / norm;
                }
                worst = Math.max(worst, norm(column));
            }
        }
        return Math.max(worst, biasResidual(w, gradient, m, (p - 1) * m, lowerBound));
    }

    /**
     * Projected-gradient violation of the bias column starting at {@code offset}: a component at the bound
     * is optimal when its gradient points outwards (≥ 0).
     */
    private static double biasResidual(double[] w, double[] gradient, int m, int offset, double lowerBound) {
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
            if (columnNorm(w, m, j) == 0) {
                zeros++;
            }
        }
        return zeros;
    }

    private static void checkArguments(double[] gram, double[] cross, int m, int p, double rho, double lambda,
                                       double[] warmStart) {
        if (m < 1 || p < 1 || gram.length != p * p || cross.length != m * p || warmStart.length != m * p) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "sizes: m=%d, p=%d, |G|=%d (need p*p), |C|=%d and |W0|=%d (need m*p)",
                    m, p, gram.length, cross.length, warmStart.length));
        }
        if (!(rho > 0) || !(lambda >= 0) || Double.isInfinite(rho) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("need 0 < rho < inf and 0 <= lambda < inf; got " + rho + ", " + lambda);
        }
        if (!(gram[p * p - 1] > 0)) {
            throw new IllegalArgumentException("G[p-1][p-1] (the sample count) must be positive: " + gram[p * p - 1]);
        }
        for (double[] a : new double[][] {gram, cross, warmStart}) {
            for (double x : a) {
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("non-finite entry in G, C or the warm start");
                }
            }
        }
    }

    /**
     * The problem restricted to the columns with {@code G_jj > 0} and Jacobi-scaled (class comment):
     * variables {@code Z = W̃ D^{1/2}}, m×q, q = number of such columns, the bias last.
     */
    private static final class ScaledProblem {
        final int m;
        final int p;
        final int q;
        final double rho;
        /** Original column index of scaled column a. */
        final int[] columns;
        /** sqrt(G_jj) of the kept columns. */
        final double[] sqrtDiagonal;
        /** Ĝ, q×q. */
        final double[] gram;
        /** Ĉ, m×q. */
        final double[] cross;
        /** λ_a = λ / sqrt(G_jj) for weight columns. */
        final double[] columnLambda;
        final double lowerBound;
        final double maxInverseStep;
        final double minInverseStep;
        /** max_j ||ρC_j|| over all columns, original units. */
        final double maxCrossColumnNorm;

        ScaledProblem(double[] g, double[] c, int m, int p, double rho, double lambda, double biasLowerBound) {
            this.m = m;
            this.p = p;
            this.rho = rho;
            int kept = 0;
            int[] index = new int[p];
            double maxNorm = 0;
            for (int j = 0; j < p; j++) {
                double crossNorm = rho * columnNorm(c, m, j);
                maxNorm = Math.max(maxNorm, crossNorm);
                if (g[j + j * p] > 0) {
                    index[kept++] = j;
                } else if (crossNorm > lambda) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "column %d has G_jj = 0 but ||rho C_j|| = %.3e > lambda = %.3e: "
                                    + "G and C are not statistics of the same samples (F is unbounded below)",
                            j, crossNorm, lambda));
                }
            }
            this.maxCrossColumnNorm = maxNorm;
            this.q = kept;
            this.columns = Arrays.copyOf(index, kept);
            this.sqrtDiagonal = new double[q];
            for (int a = 0; a < q; a++) {
                sqrtDiagonal[a] = JACOBI ? Math.sqrt(g[columns[a] * (p + 1)]) : 1.0;
            }
            this.gram = new double[q * q];
            double trace = 0;
            for (int b = 0; b < q; b++) {
                for (int a = 0; a < q; a++) {
                    gram[a + b * q] = g[columns[a] + columns[b] * p] / (sqrtDiagonal[a] * sqrtDiagonal[b]);
                }
                trace += gram[b + b * q];
            }
            this.cross = new double[m * q];
            for (int a = 0; a < q; a++) {
                for (int i = 0; i < m; i++) {
                    cross[i + a * m] = c[i + columns[a] * m] / sqrtDiagonal[a];
                }
            }
            this.columnLambda = new double[q - 1];
            for (int a = 0; a < q - 1; a++) {
                columnLambda[a] = lambda / sqrtDiagonal[a];
            }
            this.lowerBound = biasLowerBound * sqrtDiagonal[q - 1];
            // tr(Ĝ) ≥ λ_max(Ĝ), so α ≥ ρ tr(Ĝ) ≥ L is a step the line search must accept.
            this.maxInverseStep = rho * trace;
            this.minInverseStep = maxInverseStep / STEP_RANGE;
        }

        double[] toScaled(double[] w) {
            double[] z = new double[m * q];
            for (int a = 0; a < q; a++) {
                for (int i = 0; i < m; i++) {
                    z[i + a * m] = w[i + columns[a] * m] * sqrtDiagonal[a];
                }
            }
            for (int i = (q - 1) * m; i < q * m; i++) {
                z[i] = Math.max(z[i], lowerBound);
            }
            return z;
        }

        /** W̃ from Z; screened columns are exactly zero. */
        double[] toOriginal(double[] z) {
            double[] w = new double[m * p];
            for (int a = 0; a < q; a++) {
                for (int i = 0; i < m; i++) {
                    w[i + columns[a] * m] = z[i + a * m] / sqrtDiagonal[a];
                }
            }
            return w;
        }

        double[] timesGram(double[] z) {
            double[] product = new double[m * q];
            blas().dgemm("N", "N", m, q, q, 1.0, z, m, gram, q, 0.0, product, m);
            return product;
        }

        double[] gradient(double[] product) {
            double[] gradient = new double[m * q];
            for (int k = 0; k < m * q; k++) {
                gradient[k] = rho * (product[k] - cross[k]);
            }
            return gradient;
        }

        double objective(double[] z, double[] product) {
            double quadratic = 0;
            for (int k = 0; k < m * q; k++) {
                quadratic += z[k] * (product[k] - 2 * cross[k]);
            }
            double penalty = 0;
            for (int a = 0; a < q - 1; a++) {
                penalty += columnLambda[a] * columnNorm(z, m, a);
            }
            return 0.5 * rho * quadratic + penalty;
        }

        /**
         * F(Z⁺) − F(Z) from differences only, so that it stays accurate when the step is tiny compared
         * with Z (subtracting two O(|F|) values would lose it to rounding near the optimum):
         * for a quadratic f, f(Z⁺) − f(Z) = ⟨(∇ + ∇⁺)/2, Z⁺ − Z⟩ exactly, and
         * ||z⁺|| − ||z|| = ⟨z⁺ − z, z⁺ + z⟩ / (||z⁺|| + ||z||).
         */
        double objectiveChange(double[] z, double[] gradient, double[] trial, double[] trialGradient, double[] step) {
            double smooth = 0;
            for (int k = 0; k < m * q; k++) {
                smooth += 0.5 * (gradient[k] + trialGradient[k]) * step[k];
            }
            double penalty = 0;
            for (int a = 0; a < q - 1; a++) {
                double before = columnNorm(z, m, a);
                double after = columnNorm(trial, m, a);
                if (before + after > 0) {
                    double inner = 0;
                    for (int i = a * m; i < (a + 1) * m; i++) {
                        inner += step[i] * (trial[i] + z[i]);
                    }
                    penalty += columnLambda[a] * inner / (before + after);
                }
            }
            return smooth + penalty;
        }

        /** Group soft-thresholding of weight columns at Z − ∇/α; bias column projected onto [lb, ∞). */
        double[] proximalStep(double[] z, double[] gradient, double alpha) {
            double[] next = new double[m * q];
            for (int k = 0; k < m * q; k++) {
                next[k] = z[k] - gradient[k] / alpha;
            }
            for (int a = 0; a < q - 1; a++) {
                double norm = columnNorm(next, m, a);
                double shrink = norm > 0 ? Math.max(0, 1 - columnLambda[a] / (alpha * norm)) : 0;
                for (int i = a * m; i < (a + 1) * m; i++) {
                    next[i] *= shrink;
                }
            }
            for (int i = (q - 1) * m; i < q * m; i++) {
                next[i] = Math.max(next[i], lowerBound);
            }
            return next;
        }

        /** The KKT residual of the class comment in original units: scaled column residuals × sqrt(G_jj). */
        double kktResidual(double[] z, double[] gradient) {
            double worst = 0;
            double[] column = new double[m];
            for (int a = 0; a < q - 1; a++) {
                double norm = columnNorm(z, m, a);
                double residual;
                if (norm == 0) {
                    residual = columnNorm(gradient, m, a) - columnLambda[a];
                } else {
                    for (int i = 0; i < m; i++) {
                        column[i] = gradient[i + a * m] + columnLambda[a] * z[i + a * m] / norm;
                    }
                    residual = norm(column);
                }
                worst = Math.max(worst, residual * sqrtDiagonal[a]);
            }
            return Math.max(worst, biasResidual(z, gradient, m, (q - 1) * m, lowerBound) * sqrtDiagonal[q - 1]);
        }

        /**
         * First inverse step: ρ times a power-iteration estimate of λ_max(Ĝ) (a lower bound, so the first
         * step is at most the classical 1/L… or slightly longer, which the line search corrects).
         */
        double initialInverseStep() {
            if ("jacobi".equals(FIRST)) {
                return rho;
            }
            double[] x = new double[q];
            Arrays.fill(x, 1 / Math.sqrt(q));
            double[] y = new double[q];
            double estimate = 1;
            for (int it = 0; it < POWER_ITERATIONS; it++) {
                blas().dgemv("N", q, q, 1.0, gram, q, x, 1, 0.0, y, 1);
                estimate = norm(y);
                if (estimate == 0) {
                    break;
                }
                for (int a = 0; a < q; a++) {
                    x[a] = y[a] / estimate;
                }
            }
            return Math.max(minInverseStep, Math.min(maxInverseStep, rho * estimate));
        }
    }

    private static BLAS blas() {
        return BLAS.getInstance();
    }

    private static double columnNorm(double[] a, int m, int j) {
        double sum = 0;
        for (int i = j * m; i < (j + 1) * m; i++) {
            sum += a[i] * a[i];
        }
        return Math.sqrt(sum);
    }

    private static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            sum += x[k] * y[k];
        }
        return sum;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] d = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            d[k] = x[k] - y[k];
        }
        return d;
    }

    private static double max(double[] x) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            best = Math.max(best, v);
        }
        return best;
    }
}
