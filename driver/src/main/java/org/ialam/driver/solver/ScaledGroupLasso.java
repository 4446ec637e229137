package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Arrays;
import java.util.Locale;
import org.netlib.util.intW;

/**
 * The problem of {@link GroupLassoSolver} after screening and Jacobi scaling, and the two kinds of step
 * taken on it. Only columns with {@code G_jj > 0} are kept (q of them, the bias last), and in
 * {@code z_j = sqrt(G_jj) w_j} the problem keeps its form
 *
 * <pre>
 *   F(Z) = Σ_j λ_j ||z_j|| + (ρ/2) [ tr(Z Ĝ Zᵀ) − 2 tr(Z Ĉᵀ) ],   Ĝ = D^{-1/2} G D^{-1/2},  Ĉ = C D^{-1/2},
 *   λ_j = λ / sqrt(G_jj),   z_b ≥ lb·sqrt(G_bb),   ∇ = ρ(ZĜ − Ĉ),
 * </pre>
 *
 * with unit-diagonal Ĝ. The objective is computed once, at the start; after that {@link #compare} gives
 * exact changes.
 */
final class ScaledGroupLasso {
    /** BB inverse steps are kept in [α_max/STEP_RANGE, α_max]. */
    private static final double STEP_RANGE = 1e12;
    /**
     * Ridge added to the support system, relative to its unit diagonal: keeps the Cholesky factorisation
     * defined for λ = 0 when G is singular (two pixels that are non-zero in the same single image).
     */
    private static final double SUPPORT_RIDGE = 1e-12;
    /** Relative size of C_j below which a column with G_jj = 0 counts as consistent (constructor). */
    private static final double SCREENING_SLACK = 1e-9;

    final int m;
    final int p;
    final int q;
    final double rho;
    /** Original column index of each kept column. */
    private final int[] columns;
    /** sqrt(G_jj) of the kept columns. */
    private final double[] sqrtDiagonal;
    /** Ĝ, q×q, unit diagonal. */
    private final double[] gram;
    /** Ĉ, m×q. */
    private final double[] cross;
    /** λ_j of the kept weight columns. */
    private final double[] columnLambda;
    private final double lowerBound;
    /** The bound in W̃'s units, which {@link #toOriginal} returns for a bias at {@link #lowerBound}. */
    private final double originalLowerBound;
    /** α_max = ρ tr(Ĝ) = ρq ≥ ρ λ_max(Ĝ) = L: a step the line search always accepts. */
    final double maxInverseStep;
    final double minInverseStep;
    /** max_j ||ρC_j|| over all p columns, in original units: part of the stopping scale. */
    final double maxCrossColumnNorm;
    /** Where G, Ĝ and the screening come from. */
    private final PreparedGram prepared;
    /** ∇ of every step. */
    private final GramProduct product;
    private final int threads;

    /** A point Z with what every step needs: ∇ and the weight-column norms. */
    static final class Iterate {
        final double[] z;
        final double[] gradient;
        final double[] norms;

        private Iterate(double[] z, int m, int q) {
            this.z = z;
            this.gradient = new double[m * q];
            this.norms = new double[q - 1];
        }
    }

    /** One step s = Z⁺ − Z, y = ∇⁺ − ∇: the BB inner products and the exact change F(Z⁺) − F(Z). */
    static final class Comparison {
        double stepSquared;
        double stepGradientChange;
        double gradientChangeSquared;
        double objectiveChange;
    }

    /**
     * @param threads threads of the products and triangular solves ({@link ColumnSplit})
     * @throws IllegalArgumentException if a column with {@code G_jj = 0} has {@code ||ρC_j|| > λ}: such C
     *                                  cannot come from the same samples as G, and F is unbounded below
     *                                  (a slack of 10⁻⁹ max_k ||ρC_k|| ignores C_j that are rounding
     *                                  noise, e.g. from inputs so small that their squares underflow)
     */
    ScaledGroupLasso(PreparedGram prepared, double[] c, int m, double rho, double lambda, double biasLowerBound,
                     int threads) {
        this.prepared = prepared;
        this.product = prepared.scaledProduct;
        this.threads = threads;
        this.m = m;
        this.p = prepared.p;
        this.q = prepared.q;
        this.rho = rho;
        this.columns = prepared.columns;
        this.sqrtDiagonal = prepared.sqrtDiagonal;
        this.gram = prepared.scaled;
        double largest = 0;
        for (int j = 0; j < p; j++) {
            largest = Math.max(largest, rho * columnNorm(c, m, j));
        }
        this.maxCrossColumnNorm = largest;
        double[] g = prepared.gram;
        for (int j = 0; j < p; j++) {
            if (!(g[j * (p + 1)] > 0) && rho * columnNorm(c, m, j) > lambda + SCREENING_SLACK * largest) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "column %d has G_jj = 0 but ||rho C_j|| = %.3e > lambda = %.3e: G and C are not "
                                + "statistics of the same samples (F is unbounded below)",
                        j, rho * columnNorm(c, m, j), lambda));
            }
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
        this.originalLowerBound = biasLowerBound;
        this.maxInverseStep = rho * q;
        this.minInverseStep = maxInverseStep / STEP_RANGE;
    }

    /** The iterate at W̃: screened columns dropped (set to zero), bias projected onto its bound. */
    Iterate start(double[] w) {
        Iterate x = new Iterate(new double[m * q], m, q);
        for (int a = 0; a < q; a++) {
            for (int i = 0; i < m; i++) {
                x.z[i + a * m] = w[i + columns[a] * m] * sqrtDiagonal[a];
            }
        }
        for (int i = (q - 1) * m; i < q * m; i++) {
            x.z[i] = Math.max(x.z[i], lowerBound);
        }
        evaluate(x);
        return x;
    }

    /**
     * W̃ from Z; screened columns are exactly zero, and a bias at its bound is exactly the bound: {@code (lb·s)/s} is
     * not lb for about one value in six, and one ulp below would break the constraint (and the warm-start comparison
     * of the next solve), one ulp above would make the bias count as free in the KKT residual.
     */
    double[] toOriginal(Iterate x) {
        double[] w = new double[m * p];
        for (int a = 0; a < q; a++) {
            for (int i = 0; i < m; i++) {
                w[i + columns[a] * m] = x.z[i + a * m] / sqrtDiagonal[a];
            }
        }
        int bias = (p - 1) * m;
        for (int i = 0; i < m; i++) {
            if (x.z[i + (q - 1) * m] <= lowerBound) {
                w[bias + i] = originalLowerBound;
            }
        }
        return w;
    }

    /** F(Z), used once for the start; later values follow from {@link #compare}. */
    double objective(Iterate x) {
        double smooth = 0;
        for (int k = 0; k < m * q; k++) {
            smooth += x.z[k] * (x.gradient[k] - rho * cross[k]);
        }
        double penalty = 0;
        for (int a = 0; a < q - 1; a++) {
            penalty += columnLambda[a] * x.norms[a];
        }
        return 0.5 * smooth + penalty;
    }

    /**
     * The KKT residual of {@link GroupLassoSolver} in original units: a scaled column's residual times
     * sqrt(G_jj) is the original column's.
     */
    double kktResidual(Iterate x) {
        double worst = 0;
        for (int a = 0; a < q - 1; a++) {
            double residual = GroupLassoSolver.groupResidual(x.z, x.gradient, m, a, x.norms[a], columnLambda[a]);
            worst = Math.max(worst, residual * sqrtDiagonal[a]);
        }
        double bias = GroupLassoSolver.biasResidual(x.z, x.gradient, m, (q - 1) * m, lowerBound);
        return Math.max(worst, bias * sqrtDiagonal[q - 1]);
    }

    /**
     * The proximal-gradient step prox(Z − ∇/α) into {@code into} (a buffer to reuse, or null): group
     * soft-thresholding {@code z_j ← max(0, 1 − λ_j/(α||z_j||)) z_j}, bias clamped to its bound.
     */
    Iterate proximalStep(Iterate x, double alpha, Iterate into) {
        Iterate next = into != null ? into : new Iterate(new double[m * q], m, q);
        double[] z = next.z;
        for (int k = 0; k < m * q; k++) {
            z[k] = x.z[k] - x.gradient[k] / alpha;
        }
        for (int a = 0; a < q - 1; a++) {
            double norm = columnNorm(z, m, a);
            double shrink = norm > 0 ? Math.max(0, 1 - columnLambda[a] / (alpha * norm)) : 0;
            for (int i = a * m; i < (a + 1) * m; i++) {
                z[i] *= shrink;
            }
        }
        for (int i = (q - 1) * m; i < q * m; i++) {
            z[i] = Math.max(z[i], lowerBound);
        }
        evaluate(next);
        return next;
    }

    /**
     * The support step of {@link GroupLassoSolver}: the minimiser of the majoriser
     * {@code λ_j||z_j|| ≤ λ_j(||z_j||²/||x_j|| + ||x_j||)/2} of F at X, over the predicted support S,
     *
     * <pre>
     *   Z_S = ρĈ_S P⁻¹,   P = ρĜ_SS + diag(λ_j/||x_j||) (0 for the bias),   Z_j = 0 for j ∉ S,
     * </pre>
     *
     * with the bias bound enforced exactly. Written into {@code into} (a buffer to reuse, or null); null if
     * P is not numerically positive definite.
     */
    Iterate supportStep(Iterate x, Iterate into) {
        int[] support = predictedSupport(x);
        int s = support.length;
        double[] diagonal = new double[s];
        double[] factor = new double[s * s];
        for (int c = 0; c < s; c++) {
            int a = support[c];
            diagonal[c] = rho * SUPPORT_RIDGE + (a < q - 1 ? columnLambda[a] / x.norms[a] : 0);
            for (int r = 0; r < s; r++) {
                factor[r + c * s] = rho * gram[support[r] + a * q];
            }
            factor[c * (s + 1)] += diagonal[c];
        }
        intW info = new intW(0);
        LAPACK.getInstance().dpotrf("L", s, factor, s, info);
        if (info.val != 0) {
            return null;
        }
        // Z_S L Lᵀ = ρĈ_S, solved transposed, L Lᵀ Z_Sᵀ = ρĈ_Sᵀ: the m right-hand sides (rows of Z_S) share one
        // factor and are independent, and as columns of Z_Sᵀ they are contiguous, so they are split between threads
        double[] transposed = new double[s * m];
        for (int c = 0; c < s; c++) {
            for (int i = 0; i < m; i++) {
                transposed[c + i * s] = rho * cross[i + support[c] * m];
            }
        }
        ColumnSplit.run(threads, m, (long) m * s * s <= GramProduct.PARALLEL_MIN_WORK, (from, count) -> {
            blas().dtrsm("L", "L", "N", "N", s, count, 1.0, factor, 0, s, transposed, from * s, s);
            blas().dtrsm("L", "L", "T", "N", s, count, 1.0, factor, 0, s, transposed, from * s, s);
        });
        double[] solution = new double[m * s];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < s; c++) {
                solution[i + c * m] = transposed[c + i * s];
            }
        }
        double[] multipliers = enforceBiasBound(factor, s, solution);

        Iterate next = into != null ? into : new Iterate(new double[m * q], m, q);
        Arrays.fill(next.z, 0);
        for (int c = 0; c < s; c++) {
            System.arraycopy(solution, c * m, next.z, support[c] * m, m);
        }
        supportGradient(support, diagonal, multipliers, solution, next);
        return next;
    }

    /**
     * S: the bias and the non-zero weight columns whose minimiser with all other columns fixed is non-zero,
     * {@code ||∇_j − ρĜ_jj z_j|| > λ_j} (Ĝ_jj = 1). Columns that a column-wise exact step would zero are
     * dropped; columns to be added are left to the proximal-gradient steps. Ascending, so the bias is last.
     */
    private int[] predictedSupport(Iterate x) {
        int[] support = new int[q];
        int s = 0;
        for (int a = 0; a < q - 1; a++) {
            if (x.norms[a] > 0) {
                double sum = 0;
                for (int i = a * m; i < (a + 1) * m; i++) {
                    double r = x.gradient[i] - rho * x.z[i];
                    sum += r * r;
                }
                if (Math.sqrt(sum) > columnLambda[a]) {
                    support[s++] = a;
                }
            }
        }
        support[s++] = q - 1;
        return Arrays.copyOf(support, s);
    }

    /**
     * The surrogate is separable over rows (neurons) and the bias is the only constrained coordinate, so a
     * row whose bias falls below the bound solves a one-constraint QP: {@code z ← z + μ P⁻¹e_b} with
     * {@code μ = (lb − z_b)/(P⁻¹)_bb ≥ 0}, the constraint's multiplier. Returns μ per row (0 if inactive).
     */
    private double[] enforceBiasBound(double[] factor, int s, double[] solution) {
        double[] multipliers = new double[m];
        if (lowerBound == Double.NEGATIVE_INFINITY) {
            return multipliers;
        }
        double[] biasColumn = new double[s];
        biasColumn[s - 1] = 1;
        intW info = new intW(0);
        LAPACK.getInstance().dpotrs("L", s, 1, factor, s, biasColumn, s, info);
        for (int i = 0; i < m; i++) {
            double bias = solution[i + (s - 1) * m];
            if (bias < lowerBound) {
                multipliers[i] = (lowerBound - bias) / biasColumn[s - 1];
                for (int c = 0; c < s; c++) {
                    solution[i + c * m] += multipliers[i] * biasColumn[c];
                }
                solution[i + (s - 1) * m] = lowerBound;
            }
        }
        return multipliers;
    }

    /**
     * ∇ at the support step's point without the full product: on S the optimality conditions
     * {@code Z_S P = ρĈ_S + μ e_bᵀ} give {@code ρ(Z_S Ĝ_SS − Ĉ_S) = −Z_S diag(d) + μ e_bᵀ} exactly; only
     * the columns outside S need a product, {@code ρ(Z_S Ĝ_{S,rest} − Ĉ_rest)}, small when S is large.
     */
    private void supportGradient(int[] support, double[] diagonal, double[] multipliers, double[] solution,
                                 Iterate next) {
        int s = support.length;
        int[] rest = new int[q - s];
        for (int a = 0, c = 0, o = 0; a < q; a++) {
            if (c < s && support[c] == a) {
                c++;
            } else {
                rest[o++] = a;
            }
        }
        if (rest.length > 0) {
            double[] gramBlock = new double[s * rest.length];
            double[] block = new double[m * rest.length];
            for (int c = 0; c < rest.length; c++) {
                for (int r = 0; r < s; r++) {
                    gramBlock[r + c * s] = gram[support[r] + rest[c] * q];
                }
                for (int i = 0; i < m; i++) {
                    block[i + c * m] = -rho * cross[i + rest[c] * m];
                }
            }
            blas().dgemm("N", "N", m, rest.length, s, rho, solution, m, gramBlock, s, 1.0, block, m);
            for (int c = 0; c < rest.length; c++) {
                System.arraycopy(block, c * m, next.gradient, rest[c] * m, m);
            }
        }
        for (int c = 0; c < s; c++) {
            for (int i = 0; i < m; i++) {
                next.gradient[i + support[c] * m] = -diagonal[c] * solution[i + c * m];
            }
        }
        for (int i = 0; i < m; i++) {
            next.gradient[i + (q - 1) * m] += multipliers[i];
        }
        updateNorms(next);
    }

    /**
     * The BB inner products and F(Z⁺) − F(Z), from differences only so that the change stays accurate when
     * the step is tiny compared with Z (subtracting two O(|F|) values would lose it to rounding near the
     * optimum and stall the line search): for the quadratic f, {@code f(Z⁺) − f(Z) = ⟨∇ + y/2, s⟩}
     * exactly, and {@code ||z⁺|| − ||z|| = ⟨s, z⁺ + z⟩ / (||z⁺|| + ||z||)}.
     */
    Comparison compare(Iterate x, Iterate next) {
        Comparison result = new Comparison();
        double smooth = 0;
        double penalty = 0;
        for (int a = 0; a < q; a++) {
            double stepTimesSum = 0;
            for (int i = a * m; i < (a + 1) * m; i++) {
                double s = next.z[i] - x.z[i];
                double y = next.gradient[i] - x.gradient[i];
                result.stepSquared += s * s;
                result.stepGradientChange += s * y;
                result.gradientChangeSquared += y * y;
                smooth += s * (x.gradient[i] + 0.5 * y);
                stepTimesSum += s * (next.z[i] + x.z[i]);
            }
            if (a < q - 1 && x.norms[a] + next.norms[a] > 0) {
                penalty += columnLambda[a] * stepTimesSum / (x.norms[a] + next.norms[a]);
            }
        }
        result.objectiveChange = smooth + penalty;
        return result;
    }

    /**
     * First inverse step: ρ times a power-iteration estimate of λ_max(Ĝ), i.e. about the classical step
     * 1/L (the estimate is a lower bound; the line search corrects the rare overshoot). BB steps follow.
     */
    double initialInverseStep() {
        double estimate = prepared.largestEigenvalueEstimate();
        if (estimate == 0) {
            return rho;         // the start vector lies in Ĝ's null space; its unit diagonal still gives a scale
        }
        return Math.max(minInverseStep, Math.min(maxInverseStep, rho * estimate));
    }

    /** ∇ = ρ(ZĜ − Ĉ) ({@link GramProduct}) and the column norms. */
    private void evaluate(Iterate x) {
        product.gradient(x.z, cross, m, rho, threads, x.gradient);
        updateNorms(x);
    }

    private void updateNorms(Iterate x) {
        for (int a = 0; a < q - 1; a++) {
            x.norms[a] = columnNorm(x.z, m, a);
        }
    }

    private static BLAS blas() {
        return BLAS.getInstance();
    }

    static double columnNorm(double[] a, int m, int j) {
        double sum = 0;
        for (int i = j * m; i < (j + 1) * m; i++) {
            sum += a[i] * a[i];
        }
        return Math.sqrt(sum);
    }
}
