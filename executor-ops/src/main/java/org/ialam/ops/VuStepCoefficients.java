package org.ialam.ops;

import java.io.Serializable;

/**
 * The scalars of one (v,u) step (ialam.md §4.2), fixed by the driver before the step: ρ, the proximal weights
 * τ_1 (layer 1) and τ_l = ρ(||W_l||₂² + 1) + τ_1 (l ≥ 2), the exact-penalty weights β_l, λ_v, the loss weight 1/N
 * and α.
 */
public final class VuStepCoefficients implements Serializable {
    private static final long serialVersionUID = 1L;

    final double rho;
    final double[] tau;
    final double[] beta;
    final double lambdaV;
    final double lossWeight;
    final double alpha;

    /**
     * @param tau τ_l at index l−1; index 0 holds τ_1
     * @param beta β_l at index l−1
     * @param lossWeight the weight of the data term, 1/N
     */
    public VuStepCoefficients(double rho, double[] tau, double[] beta, double lambdaV, double lossWeight, double alpha) {
        if (tau.length != beta.length) {
            throw new IllegalArgumentException("τ and β need one value per layer");
        }
        this.rho = rho;
        this.tau = tau.clone();
        this.beta = beta.clone();
        this.lambdaV = lambdaV;
        this.lossWeight = lossWeight;
        this.alpha = alpha;
    }

    /** τ_l = ρ(||W_l||₂² + 1) + τ_1: makes S_l = τ_l I − ρ[−W_l I]ᵀ[−W_l I] positive semidefinite (§4.2). */
    public static double proximalWeight(double rho, double spectralNorm, double tau1) {
        return rho * (spectralNorm * spectralNorm + 1) + tau1;
    }
}
