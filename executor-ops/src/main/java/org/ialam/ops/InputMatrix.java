package org.ialam.ops;

import java.io.Serializable;

/**
 * The inputs x_n of a block, N_0 × n (one column per sample), seen only through the products the algorithm makes
 * with them: layer 1's affine map W_1 x + b_1 (§4.2, §6), the cross statistic Σ t xᵀ and, once per run, the Gram
 * matrix Σ x xᵀ (§4.1). Layer 1 carries most of an inner iteration's work at MNIST scale (N_0 = 784 against
 * N_1 = 200), and MNIST's images are 81% zeros, so how x is stored decides the speed of the whole method:
 * {@link #of} keeps x dense (BLAS products) or sparse ({@link SparseInputs}) by its density.
 *
 * <p>Both forms compute the same products up to the order of floating-point summation.
 */
public interface InputMatrix extends Serializable {
    /**
     * Largest share of non-zero entries for which the sparse form is chosen. The sparse products do two loads per
     * multiply-add where DGEMM does far fewer, but skip the zeros; measured on MNIST blocks (density 0.19,
     * N_1 = 200, one thread) they take 0.47–0.52 of native DGEMM's time ({@code scripts/bench.sh}:
     * {@code layer1_sparse_over_dense}), so they break even near a density of 0.4. The limit is set below that, and
     * below the density of one third under which the sparse form also takes less memory. (Those figures predate the
     * sparse form's dense panel, {@link SparseInputs#PANEL_DENSITY}, which took the ratio to 0.45 on MNIST and would
     * move the break-even up; the limit was left where it was.)
     */
    double SPARSE_DENSITY_LIMIT = 0.3;

    /** x in whichever form its density favours; the array is kept (dense) or read once (sparse). */
    static InputMatrix of(double[] x, int rows, int columns) {
        if (x.length != (long) rows * columns) {
            throw new IllegalArgumentException("inputs: " + x.length + " values for " + rows + " × " + columns);
        }
        return isSparse(x, 0, rows, columns) ? SparseInputs.of(x, 0, rows, columns) : new DenseInputs(x, rows, columns);
    }

    /**
     * The columns [first, first + columns) of a larger column-major matrix with {@code rows} rows, in whichever form
     * their density favours, copied (the source is not kept).
     */
    static InputMatrix copyOf(double[] source, int first, int rows, int columns) {
        int from = first * rows;
        if (isSparse(source, from, rows, columns)) {
            return SparseInputs.of(source, from, rows, columns);
        }
        return new DenseInputs(java.util.Arrays.copyOfRange(source, from, from + rows * columns), rows, columns);
    }

    private static boolean isSparse(double[] x, int from, int rows, int columns) {
        long nonZeros = 0;
        for (int i = from, to = from + rows * columns; i < to; i++) {
            if (x[i] != 0) {
                nonZeros++;
            }
        }
        return nonZeros <= SPARSE_DENSITY_LIMIT * rows * columns;
    }

    /** N_0. */
    int rows();

    /** n, the samples. */
    int columns();

    /** out (m × n) = W x + b, with W̃ = [W b] column-major m × (N_0+1). */
    void affine(double[] augmented, int m, double[] out);

    /** target (m × N_0, column-major) += t xᵀ for t (m × n). */
    void addCross(double[] t, int m, double[] target);

    /** Upper triangle of g (N_0 × N_0 at leading dimension ldg) += x xᵀ. */
    void addGramUpper(double[] g, int ldg);

    /** target[offset + j] += Σ_s x_{j,s}, for j &lt; N_0 (the bias row of the Gram matrix). */
    void addRowSums(double[] target, int offset);

    /** x as a fresh dense column-major array. */
    double[] toDense();
}
