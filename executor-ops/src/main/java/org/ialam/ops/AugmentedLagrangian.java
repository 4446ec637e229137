package org.ialam.ops;

/**
 * The per-sample part of the augmented Lagrangian L_ρ of ialam.md §3 on a block:
 * <pre>
 *   (1/N) Σ ||v_{n,L} − y_n||² + λ_v Σ ||v_{n,l}||² + Σ_l β_l Σ 1ᵀ(v_{n,l} − σ(u_{n,l}))
 *     + Σ ⟨ξ_{n,l}, r_{n,l}⟩ + (ρ/2) Σ ||r_{n,l}||²,     r_{n,l} = u_{n,l} − W_l v_{n,l−1} − b_l.
 * </pre>
 * L_ρ is this summed over blocks plus λ_w Σ_l ||W_l||_{2,1}. Not needed by the algorithm itself; it is the
 * quantity whose monotone decrease across an inner iteration the tests check, and a diagnostic.
 */
public final class AugmentedLagrangian {
    private AugmentedLagrangian() {
    }

    public static double sampleTerms(SampleBlock block, BlockState state, NetworkWeights weights, double rho,
            double[] beta, double lambdaV, double lossWeight, double alpha) {
        NetworkShape shape = weights.shape();
        int n = block.size();
        double total = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            int m = shape.width(l);
            double[] z = new double[m * n];
            state.affine(block, weights, l, z);
            double[] u = state.u(l);
            double[] v = state.v(l);
            double[] xi = state.xi(l);
            double penalty = 0;
            double coupling = 0;
            double activationNorm = 0;
            for (int i = 0; i < z.length; i++) {
                double r = u[i] - z[i];
                coupling += xi[i] * r + 0.5 * rho * r * r;
                penalty += v[i] - LeakyRelu.apply(u[i], alpha);
                activationNorm += v[i] * v[i];
            }
            total += beta[l - 1] * penalty + coupling + lambdaV * activationNorm;
        }
        double[] vL = state.v(shape.layers());
        double[] y = block.y();
        double loss = 0;
        for (int i = 0; i < vL.length; i++) {
            double e = vL[i] - y[i];
            loss += e * e;
        }
        return total + lossWeight * loss;
    }
}
