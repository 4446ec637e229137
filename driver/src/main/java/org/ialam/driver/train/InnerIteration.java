package org.ialam.driver.train;

/**
 * One inner iteration j of outer iteration k (ialam.md §4): its wall-clock time, the part spent in the driver's
 * (W,b) solves, and the relative changes the inner stopping test (§4.3) compares with its tolerance.
 *
 * @param unconvergedSolves   layers whose (W,b) solve stopped short of its tolerance (iteration limit or stall)
 * @param worstSolverResidual the largest relative KKT residual of the layers' solves
 */
public record InnerIteration(int k, int j, double seconds, double solverSeconds, long solverIterations,
        double weightChange, double vuChange, int unconvergedSolves, double worstSolverResidual) {
}
