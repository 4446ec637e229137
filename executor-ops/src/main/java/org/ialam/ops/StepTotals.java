package org.ialam.ops;

import java.io.Serializable;

/**
 * Sums over samples that the driver needs after a step, gathered in the same pass as the step itself and added
 * across blocks with {@link #plus(StepTotals)}. Which fields a step fills is said where the step is defined;
 * the rest stay zero.
 */
public final class StepTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final StepTotals ZERO = new StepTotals(0, 0, 0, 0, 0, 0, 0, 0);

    /** Σ ||(v,u)_new − (v,u)_old||² of a (v,u) step: the numerator of the inner stopping test (§4.3). */
    public final double changeSquared;
    /** Σ ||(v,u)_new||² of a (v,u) step: the denominator of the inner stopping test. */
    public final double normSquared;
    /** Σ_{n,l} ||r_{n,l}||², r = u − W v_{l−1} − b (§3). */
    public final double residualSquared;
    /** Σ_{n,l} ||ξ_{n,l}||² after the ξ update (§3 step 3). */
    public final double multiplierSquared;
    /** Σ_{n,l} ||v_{n,l} − σ(u_{n,l})||², the first part of FeasVi (§6). */
    public final double activationGapSquared;
    /** Σ_n ||F(x_n) − y_n||², with a true forward pass (TrainErr, §6). */
    public final double squaredError;
    /** Number of samples whose argmax F(x_n) equals the label. */
    public final long correct;
    /** Number of samples counted. */
    public final long count;

    public StepTotals(double changeSquared, double normSquared, double residualSquared, double multiplierSquared,
            double activationGapSquared, double squaredError, long correct, long count) {
        this.changeSquared = changeSquared;
        this.normSquared = normSquared;
        this.residualSquared = residualSquared;
        this.multiplierSquared = multiplierSquared;
        this.activationGapSquared = activationGapSquared;
        this.squaredError = squaredError;
        this.correct = correct;
        this.count = count;
    }

    public StepTotals plus(StepTotals o) {
        return new StepTotals(changeSquared + o.changeSquared, normSquared + o.normSquared,
                residualSquared + o.residualSquared, multiplierSquared + o.multiplierSquared,
                activationGapSquared + o.activationGapSquared, squaredError + o.squaredError,
                correct + o.correct, count + o.count);
    }
}
