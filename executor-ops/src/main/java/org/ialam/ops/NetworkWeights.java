package org.ialam.ops;

import java.io.Serializable;

/**
 * The weights of every layer as augmented matrices W̃_l = [W_l b_l] ∈ R^{N_l × (N_{l-1}+1)}, column-major.
 *
 * <p>Column-major storage makes W̃_l's first N_l·N_{l-1} entries exactly W_l (column-major, leading dimension
 * N_l) and its last N_l entries b_l, so the same array serves the (W,b) solver of ialam.md §4.1, which works on W̃,
 * and the BLAS products of the executors, which use W and b. Instances are immutable by convention: arrays are
 * never written after construction.
 */
public final class NetworkWeights implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkShape shape;
    private final double[][] augmented;

    /** @param augmented W̃_l for l = 1..L at index l−1; kept, not copied */
    public NetworkWeights(NetworkShape shape, double[][] augmented) {
        if (augmented.length != shape.layers()) {
            throw new IllegalArgumentException("expected " + shape.layers() + " layers, got " + augmented.length);
        }
        for (int l = 1; l <= shape.layers(); l++) {
            int expected = shape.width(l) * (shape.width(l - 1) + 1);
            if (augmented[l - 1].length != expected) {
                throw new IllegalArgumentException("layer " + l + ": W̃ has " + augmented[l - 1].length
                        + " entries, expected " + shape.width(l) + "×" + (shape.width(l - 1) + 1));
            }
        }
        this.shape = shape;
        this.augmented = augmented;
    }

    public NetworkShape shape() {
        return shape;
    }

    /** W̃_l (l = 1..L), column-major N_l × (N_{l-1}+1); do not modify. */
    public double[] augmented(int l) {
        return augmented[l - 1];
    }

    /** Offset of b_l inside {@link #augmented(int)}: b_l = W̃_l[biasOffset .. biasOffset + N_l). */
    public int biasOffset(int l) {
        return shape.width(l) * shape.width(l - 1);
    }

    /** ||(W_l)_{:,j}||₂, the group of the column lasso (ialam.md §1). */
    public double columnNorm(int l, int j) {
        int rows = shape.width(l);
        double[] w = augmented[l - 1];
        double sum = 0;
        for (int i = j * rows, end = i + rows; i < end; i++) {
            sum += w[i] * w[i];
        }
        return Math.sqrt(sum);
    }

    /** Σ_l Σ_j ||(W_l)_{:,j}||₂, the group-lasso penalty without λ_w. */
    public double groupNorm() {
        double total = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            for (int j = 0; j < shape.width(l - 1); j++) {
                total += columnNorm(l, j);
            }
        }
        return total;
    }

    /** Number of weight columns, over all layers, whose 2-norm is below {@code epsilon} (ialam.md §6). */
    public int zeroColumns(double epsilon) {
        int zeros = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            for (int j = 0; j < shape.width(l - 1); j++) {
                if (columnNorm(l, j) < epsilon) {
                    zeros++;
                }
            }
        }
        return zeros;
    }

    /** Frobenius norm of all W̃_l together. */
    public double norm() {
        double total = 0;
        for (double[] w : augmented) {
            for (double x : w) {
                total += x * x;
            }
        }
        return Math.sqrt(total);
    }

    /** Frobenius norm of the difference to {@code other}. */
    public double distanceTo(NetworkWeights other) {
        double total = 0;
        for (int l = 0; l < augmented.length; l++) {
            double[] a = augmented[l];
            double[] b = other.augmented[l];
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                total += d * d;
            }
        }
        return Math.sqrt(total);
    }

    /** True when every entry is finite. */
    public boolean isFinite() {
        for (double[] w : augmented) {
            for (double x : w) {
                if (!Double.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }
}
