package org.ialam.ops;

import java.io.Serializable;

/**
 * The per-sample variables of one {@link SampleBlock}: for every layer l = 1..L the pre-activations u_{n,l}, the
 * activations v_{n,l} and the multipliers ξ_{n,l}, each column-major N_l × n (ialam.md §2–3), plus the
 * {@link StepTotals} of the step that produced this state.
 *
 * <p>States are values: a step returns a new state and never writes into the arrays of its input, which are shared
 * with the previous generation of the cached RDD and may be read again if Spark recomputes a lost partition.
 * Arrays that a step leaves unchanged (ξ in the (v,u) step, u and v in the ξ update) are shared, not copied. A step's
 * new arrays may be recycled ones of a generation nobody reads any more ({@link SpareArrays}), never its input's.
 */
public final class BlockState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[][] u;
    private final double[][] v;
    private final double[][] xi;
    private final StepTotals totals;

    /** Arrays at index l−1 hold layer l; they are kept, not copied. */
    public BlockState(double[][] u, double[][] v, double[][] xi, StepTotals totals) {
        if (u.length != v.length || u.length != xi.length) {
            throw new IllegalArgumentException("u, v and ξ must have one array per layer");
        }
        this.u = u;
        this.v = v;
        this.xi = xi;
        this.totals = totals;
    }

    public int layers() {
        return u.length;
    }

    /** u_l (l = 1..L), column-major N_l × n; do not modify. */
    public double[] u(int l) {
        return u[l - 1];
    }

    /** v_l for l = 1..L; v_0 is the block's input x. Do not modify. */
    public double[] v(int l) {
        return v[l - 1];
    }

    /** out (N_l × n) = W_l v_{l−1} + b_l, the affine image of layer l's input, with v_0 = the block's x. */
    public void affine(SampleBlock block, NetworkWeights weights, int l, double[] out) {
        int m = weights.shape().width(l);
        if (l == 1) {
            block.x().affine(weights.augmented(1), m, out);
        } else {
            Blas.affine(weights.augmented(l), m, weights.shape().width(l - 1), v[l - 2], block.size(), out);
        }
    }

    /** ξ_l (l = 1..L); do not modify. */
    public double[] xi(int l) {
        return xi[l - 1];
    }

    /** Totals of the step that produced this state. */
    public StepTotals totals() {
        return totals;
    }

    /** Calls {@code action} on every u, v and ξ array (an array shared by two of them, twice). */
    public void forEachArray(java.util.function.Consumer<double[]> action) {
        for (double[][] group : new double[][][] {u, v, xi}) {
            for (double[] a : group) {
                action.accept(a);
            }
        }
    }

    /** True when every u, v and ξ is finite. */
    public boolean isFinite() {
        for (double[][] group : new double[][][] {u, v, xi}) {
            for (double[] a : group) {
                for (double x : a) {
                    if (!Double.isFinite(x)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
