package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * The gradient of the smooth part of ialam.md §4.1, {@code ∇ = ρ(W G − C)} (W m×q, G q×q symmetric, C m×q, all
 * column-major), for one fixed G: the product that dominates the cost of a (W,b) solve.
 *
 * <p>Zero columns of W add nothing to WG, and the group lasso makes many of them (at MNIST scale 40–50% of layer 1's),
 * so the product runs over the non-zero columns S only: {@code WG = W_S G[S,:]}, with {@code G[S,:] = (G[:,S])ᵀ} by
 * symmetry. Its q output columns are split between up to {@code threads} threads ({@link ColumnSplit}).
 *
 * <p>Gathering {@code G[S,:]} reads s·q scattered entries, and on MNIST's layer 1 it took about three quarters as long
 * as the DGEMMs themselves (14 against 19 ms per solve). S rarely changes from one product to the next (within a
 * solve, and from one solve to the next on layer 1, whose G is fixed), so the gathered rows are kept with the S they
 * belong to and gathered again only for another S. The result is the same either way: the same numbers in the same
 * layout.
 *
 * <p>Not thread-safe (the gathered rows): one product at a time. G must not change while this object is in use.
 */
final class GramProduct {
    /** Below this many multiply-adds the product is not split between threads. */
    static final long PARALLEL_MIN_WORK = 1L << 20;

    private final double[] gram;
    private final int q;
    /** W_S, grown on demand. */
    private double[] factor = new double[0];
    /** G[S,:] as an s × q matrix for S = {@code gathered[0..gatheredCount)}; none yet when the count is -1. */
    private double[] rows = new double[0];
    private int[] gathered = new int[0];
    private int gatheredCount = -1;
    private long gathers;

    /** @param gram G, q×q column-major, symmetric; kept by reference, not copied */
    GramProduct(double[] gram, int q) {
        if (gram.length != (long) q * q) {
            throw new IllegalArgumentException("G must be q*q = " + (long) q * q + " entries: " + gram.length);
        }
        this.gram = gram;
        this.q = q;
    }

    /** How many times {@code G[S,:]} was gathered (a new S), for the tests. */
    long gathers() {
        return gathers;
    }

    /** {@code gradient ← ρ(W G − C)}; W and C are not modified. */
    void gradient(double[] w, double[] cross, int m, double rho, int threads, double[] gradient) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
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
            for (int c = 0; c < s; c++) {
                System.arraycopy(w, support[c] * m, factor, c * m, m);
            }
            gatherRows(support, s);
            left = factor;
            right = rows;
        }
        multiply(left, right, m, s, rho, threads, gradient);
    }

    /** G[S,:], column by column of G (the rows of G[:,S]), stored as an s × q matrix; kept when S is unchanged. */
    private void gatherRows(int[] support, int s) {
        if (s == gatheredCount && Arrays.equals(support, 0, s, gathered, 0, s)) {
            return;
        }
        if (rows.length < q * q) {
            rows = new double[q * q];
            gathered = new int[q];
        }
        for (int b = 0; b < q; b++) {
            for (int c = 0; c < s; c++) {
                rows[c + b * s] = gram[support[c] + b * q];
            }
        }
        System.arraycopy(support, 0, gathered, 0, s);
        gatheredCount = s;
        gathers++;
    }

    /** gradient += ρ A B, A m × k, B k × q, the output columns split between the threads. */
    private void multiply(double[] a, double[] b, int m, int k, double rho, int threads, double[] gradient) {
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
