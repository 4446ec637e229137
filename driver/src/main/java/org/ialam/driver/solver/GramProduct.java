package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The gradient of the smooth part of ialam.md §4.1, {@code ∇ = ρ(W G − C)} (W m×q, G q×q symmetric, C m×q, all
 * column-major): the product that dominates the cost of a (W,b) solve.
 *
 * <p>Zero columns of W add nothing to WG, and the group lasso makes many of them (at MNIST scale 40–50% of layer 1's),
 * so the product runs over the non-zero columns S only: {@code WG = W_S G[S,:]}, with {@code G[S,:] = (G[:,S])ᵀ} by
 * symmetry. Its q output columns are split between up to {@code threads} threads ({@link ColumnSplit}).
 *
 * <p>Not thread-safe: one instance per solve, whose gathering buffers it reuses (a solve takes hundreds of products).
 */
final class GramProduct {
    /** Below this many multiply-adds the product is not split between threads. */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private final int threads;
    /** W_S and G[S,:] (s × q), grown on demand. */
    private double[] factor = new double[0];
    private double[] rows = new double[0];

    GramProduct(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    /** {@code gradient ← ρ(W G − C)}; W, G and C are not modified. */
    void gradient(double[] w, double[] gram, double[] cross, int m, int q, double rho, double[] gradient) {
        for (int k = 0; k < m * q; k++) {
            gradient[k] = -rho * cross[k];
        }
        int[] support = new int[q];
        int s = 0;
        for (int a = 0; a < q; a++) {
            if (!isZeroColumn(w, m, a)) {
                support[s++] = a;
            }
        }
        if (s == 0) {
            return;
        }
        double[] left = w;
        double[] right = gram;
        if (s < q) {
            if (factor.length < m * q) {
                factor = new double[m * q];
            }
            if (rows.length < q * q) {
                rows = new double[q * q];
            }
            for (int c = 0; c < s; c++) {
                System.arraycopy(w, support[c] * m, factor, c * m, m);
            }
            // G[S,:] gathered column by column of G (the rows of G[:,S]), stored as an s × q matrix
            for (int b = 0; b < q; b++) {
                for (int c = 0; c < s; c++) {
                    rows[c + b * s] = gram[support[c] + b * q];
                }
            }
            left = factor;
            right = rows;
        }
        multiply(left, right, m, q, s, rho, gradient);
    }

    /** gradient += ρ A B, A m × k, B k × q, the output columns split between the threads. */
    private void multiply(double[] a, double[] b, int m, int q, int k, double rho, double[] gradient) {
        ColumnSplit.run(threads, q, (long) m * q * k <= PARALLEL_MIN_WORK, (from, count) ->
                BLAS.getInstance().dgemm("N", "N", m, count, k, rho, a, 0, m, b, from * k, k, 1.0,
                        gradient, from * m, m));
    }

    private static boolean isZeroColumn(double[] w, int m, int a) {
        for (int i = a * m, end = i + m; i < end; i++) {
            if (w[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
