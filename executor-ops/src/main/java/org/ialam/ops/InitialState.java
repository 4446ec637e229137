package org.ialam.ops;

/**
 * The starting point of ialam.md §5 for given weights: u_l = W_l v_{l−1} + b_l, v_l = σ(u_l) (v_0 = x), ξ_l = 0.
 * Used both for the paper's random start and for a start from a saved model.
 */
public final class InitialState {
    private InitialState() {
    }

    public static BlockState forward(SampleBlock block, NetworkWeights weights, double alpha) {
        NetworkShape shape = weights.shape();
        int layers = shape.layers();
        int n = block.size();
        double[][] u = new double[layers][];
        double[][] v = new double[layers][];
        double[][] xi = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            int m = shape.width(l);
            double[] ul = new double[m * n];
            if (l == 1) {
                block.x().affine(weights.augmented(1), m, ul);
            } else {
                Blas.affine(weights.augmented(l), m, shape.width(l - 1), v[l - 2], n, ul);
            }
            double[] vl = ul.clone();
            LeakyRelu.applyInPlace(vl, vl.length, alpha);
            u[l - 1] = ul;
            v[l - 1] = vl;
            xi[l - 1] = new double[m * n];
        }
        return new BlockState(u, v, xi, new StepTotals(0, 0, 0, 0, 0, 0, 0, n));
    }
}
