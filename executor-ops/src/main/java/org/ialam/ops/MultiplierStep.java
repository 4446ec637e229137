package org.ialam.ops;

/**
 * The multiplier update of an outer iteration on a block (ialam.md §3 step 2): ξ_l ← ξ_l + ρ r_l with
 * r_l = u_l − W_l v_{l−1} − b_l at the final (W,b,v,u) of the inner loop.
 *
 * <p>The same pass gathers everything the driver's ρ rule and the §6 report need, so that no other pass over the
 * training samples is made per outer iteration: Σ||r||², Σ||ξ_new||², Σ||v − σ(u)||², and the fit of a true forward
 * pass F(x), whose first layer W_1 x + b_1 is the one computed for r_1. u and v are shared with the input state.
 */
public final class MultiplierStep {
    private MultiplierStep() {
    }

    public static BlockState apply(SampleBlock block, BlockState state, NetworkWeights weights, double rho, double alpha) {
        return apply(block, state, weights, rho, alpha, new BlockScratch());
    }

    /** With the affine images W_l v_{l−1} + b_l taken from {@code scratch} (slot l−1) and the new ξ from its outputs. */
    public static BlockState apply(SampleBlock block, BlockState state, NetworkWeights weights, double rho, double alpha,
            BlockScratch scratch) {
        NetworkShape shape = weights.shape();
        int layers = shape.layers();
        int n = block.size();
        double[][] xiNew = new double[layers][];
        double[] firstPreActivation = null;
        double residualSquared = 0;
        double multiplierSquared = 0;
        double gapSquared = 0;
        for (int l = 1; l <= layers; l++) {
            int m = shape.width(l);
            double[] z = scratch.get(l - 1, m * n);
            state.affine(block, weights, l, z);
            if (l == 1) {
                firstPreActivation = z;
            }
            double[] u = state.u(l);
            double[] v = state.v(l);
            double[] xi = state.xi(l);
            double[] next = scratch.output(m * n);
            for (int i = 0; i < m * n; i++) {
                double r = u[i] - z[i];
                double updated = xi[i] + rho * r;
                next[i] = updated;
                residualSquared += r * r;
                multiplierSquared += updated * updated;
                double gap = v[i] - LeakyRelu.apply(u[i], alpha);
                gapSquared += gap * gap;
            }
            xiNew[l - 1] = next;
        }
        StepTotals fit = ForwardPass.fitOfOutputs(block,
                ForwardPass.outputsFrom(weights, alpha, firstPreActivation, n));
        StepTotals totals = new StepTotals(0, 0, residualSquared, multiplierSquared, gapSquared,
                fit.squaredError, fit.correct, n);
        double[][] u = new double[layers][];
        double[][] v = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            u[l - 1] = state.u(l);
            v[l - 1] = state.v(l);
        }
        return new BlockState(u, v, xiNew, totals);
    }
}
