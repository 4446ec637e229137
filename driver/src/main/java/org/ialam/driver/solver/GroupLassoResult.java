package org.ialam.driver.solver;

import java.util.Locale;

/**
 * Outcome of one {@link GroupLassoSolver#solve} call: the minimiser {@code W̃ = [W b]} (m×p,
 * column-major) and the evidence for it. The KKT residual and the objective are evaluated afresh on the
 * full, unscaled problem at the returned point, not carried over from the iteration.
 */
public final class GroupLassoResult {
    private final double[] solution;
    private final int iterations;
    private final int gradientEvaluations;
    private final int supportSteps;
    private final double kktResidual;
    private final double kktScale;
    private final double objective;
    private final int zeroColumns;
    private final GroupLassoStop stopReason;

    GroupLassoResult(double[] solution, int iterations, int gradientEvaluations, int supportSteps,
                     double kktResidual, double kktScale, double objective, int zeroColumns,
                     GroupLassoStop stopReason) {
        this.solution = solution;
        this.iterations = iterations;
        this.gradientEvaluations = gradientEvaluations;
        this.supportSteps = supportSteps;
        this.kktResidual = kktResidual;
        this.kktScale = kktScale;
        this.objective = objective;
        this.zeroColumns = zeroColumns;
        this.stopReason = stopReason;
    }

    /** {@code W̃ = [W b]}, m×p column-major (a fresh copy on every call). */
    public double[] solution() {
        return solution.clone();
    }

    /** Accepted steps, proximal-gradient and support steps together. */
    public int iterations() {
        return iterations;
    }

    /**
     * Full products {@code W̃G} (m×p×p multiplications): the start, every proximal-gradient trial including
     * rejected ones, and the final evaluations. With {@link #supportSteps()} this is what the solve cost.
     */
    public int gradientEvaluations() {
        return gradientEvaluations;
    }

    /** Support steps tried, accepted or not; each costs about two products (a p×p Cholesky, two solves). */
    public int supportSteps() {
        return supportSteps;
    }

    /** Largest column-wise KKT violation, in the units of the gradient {@code ρ(W̃G − C)}. */
    public double kktResidual() {
        return kktResidual;
    }

    /** {@link #kktResidual()} divided by {@code max(λ, max_j ||ρC_j||, tiny)}: what the tolerance bounds. */
    public double relativeKktResidual() {
        return kktResidual / kktScale;
    }

    /** The objective F of ialam.md §4.1 (without the constant term) at {@link #solution()}. */
    public double objective() {
        return objective;
    }

    /** Weight columns (bias excluded) that are exactly zero: inputs or neurons removed. */
    public int zeroColumns() {
        return zeroColumns;
    }

    public GroupLassoStop stopReason() {
        return stopReason;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "GroupLassoResult[%s after %d iterations (%d gradient evaluations, %d support steps), "
                        + "KKT residual %.3e (relative %.3e), objective %.12e, %d zero columns]",
                stopReason, iterations, gradientEvaluations, supportSteps, kktResidual, relativeKktResidual(),
                objective, zeroColumns);
    }
}
