package org.ialam.driver.solver;

/** Why {@link GroupLassoSolver#solve} returned. */
public enum GroupLassoStop {
    /** The relative KKT residual reached the tolerance. */
    CONVERGED,
    /** The iteration budget ran out first; the result is still no worse than the warm start. */
    MAX_ITERATIONS,
    /**
     * The line search could not decrease the objective even with a step below the safe step
     * {@code 1/L}: rounding error dominates, so the tolerance is below what double precision can
     * certify for this problem. The result is the last accepted iterate.
     */
    STALLED
}
