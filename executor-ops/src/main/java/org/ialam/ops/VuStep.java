package org.ialam.ops;

/**
 * The (v,u) step of one inner iteration on a block (ialam.md §4.2): a Jacobi step from the old point (v^j, u^j)
 * with the new (W,b), in closed form per coordinate.
 *
 * <p>With g_l = ξ_l + ρ(u_l^j − W_l v_{l−1}^j − b_l) every pair (v_{n,l,i}, u_{n,l,i}) solves the problem of
 * {@link VuPairSolver} with
 * <pre>
 *   r = ρ + τ_1,  a = (ρ(W_1 x + b_1) − ξ_1 + τ_1 u^j)/(ρ + τ_1)       (l = 1)
 *   r = τ_l,      a = u^j − g_l/τ_l                                    (l ≥ 2)
 *   c = τ_{l+1} + 2λ_v,  d = τ_{l+1} v^j + W_{l+1}ᵀ g_{l+1}             (l &lt; L)
 *   c = 2/N + 2λ_v,      d = 2 y / N                                    (l = L)
 * </pre>
 * Per block this costs the products W_l v_{l−1} and W_{l+1}ᵀ g_{l+1} of every layer, each one matrix–matrix
 * product over all the block's samples. ξ is unchanged and shared with the input state.
 *
 * <p>The result's {@link StepTotals} carry Σ||(v,u)_new − (v,u)_old||² and Σ||(v,u)_new||² for the inner stopping
 * test (§4.3).
 */
public final class VuStep {
    private VuStep() {
    }

    public static BlockState apply(SampleBlock block, BlockState old, NetworkWeights weights, VuStepCoefficients k) {
        return apply(block, old, weights, k, new BlockScratch());
    }

    /**
     * With the temporaries g_l (slots 0..L−1) and W_{l+1}ᵀ g_{l+1} (slot L) taken from {@code scratch}, and the new u, v
     * from {@link BlockScratch#output}.
     */
    public static BlockState apply(SampleBlock block, BlockState old, NetworkWeights weights, VuStepCoefficients k,
            BlockScratch scratch) {
        return apply(block, old, weights, k, scratch, VuPairLoop.fastest());
    }

    /** With the pairs solved by {@code loop} (the implementations agree bit for bit: {@link VuPairLoop}). */
    public static BlockState apply(SampleBlock block, BlockState old, NetworkWeights weights, VuStepCoefficients k,
            BlockScratch scratch, VuPairLoop loop) {
        NetworkShape shape = weights.shape();
        int layers = shape.layers();
        int n = block.size();
        double rho = k.rho;

        // g_l = ξ_l + ρ(u_l − W_l v_{l−1} − b_l); for layer 1 the affine image z_1 = W_1 x + b_1 is needed too.
        double[][] g = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            int m = shape.width(l);
            double[] z = scratch.get(l - 1, m * n);
            old.affine(block, weights, l, z);
            double[] u = old.u(l);
            double[] xi = old.xi(l);
            for (int i = 0; i < m * n; i++) {
                z[i] = xi[i] + rho * (u[i] - z[i]);
            }
            g[l - 1] = z;
        }

        double[][] uNew = new double[layers][];
        double[][] vNew = new double[layers][];
        // {Σ change², Σ norm²} over the layers in order, as the stopping test of §4.3 sums them
        double[] totals = new double[2];
        for (int l = 1; l <= layers; l++) {
            int m = shape.width(l);
            double[] uOld = old.u(l);
            double[] vOld = old.v(l);
            double[] gl = g[l - 1];
            double[] h = null;
            double tauNext = 0;
            if (l < layers) {
                h = scratch.get(layers, m * n);
                Blas.transposeTimes(weights.augmented(l + 1), shape.width(l + 1), m, g[l], n, h);
                tauNext = k.tau[l];
            }
            double beta = k.beta[l - 1];
            double c = l < layers ? tauNext + 2 * k.lambdaV : 2 * k.lossWeight + 2 * k.lambdaV;
            double[] y = block.y();
            double[] uOut = scratch.output(m * n);
            double[] vOut = scratch.output(m * n);
            // Layer 1's centre (ρ z_1 − ξ_1 + τ_1 u^j)/(ρ + τ_1) equals u^j − g_1/(ρ + τ_1), since ρ z_1 = ρ u^j + ξ_1 − g_1:
            // every layer has the form a = u^j − g_l/r with its own u-curvature r.
            double r = l == 1 ? rho + k.tau[0] : k.tau[l - 1];
            double inverseR = 1 / r;
            VuPairSolver pairs = new VuPairSolver(c, r, beta, k.alpha);
            if (l < layers) {
                loop.solve(pairs, m * n, uOld, vOld, gl, inverseR, tauNext, vOld, h, vOut, uOut, totals);
            } else {
                loop.solve(pairs, m * n, uOld, vOld, gl, inverseR, 2 * k.lossWeight, y, null, vOut, uOut, totals);
            }
            uNew[l - 1] = uOut;
            vNew[l - 1] = vOut;
        }
        StepTotals stepTotals = new StepTotals(totals[0], totals[1], 0, 0, 0, 0, 0, n);
        double[][] xi = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            xi[l - 1] = old.xi(l);
        }
        return new BlockState(uNew, vNew, xi, stepTotals);
    }
}
