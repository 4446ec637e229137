package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Gram matrix G of one layer with what every (W,b) solve on it derives from G alone ({@link GroupLassoSolver}):
 * the screened columns, the Jacobi scaling {@code Ĝ = D^{-1/2} G D^{-1/2}} of the kept ones, the power-iteration
 * estimate of {@code λ_max(Ĝ)} behind the first step, and the products' gathered rows ({@link GramProduct}).
 *
 * <p>Layer 1's {@code G_1 = Σ_n a_n a_nᵀ} is a function of the inputs alone, so one preparation serves every solve of a
 * training run (ialam.md §4.1); on MNIST that spares about 6 ms of scaling and power iteration per inner iteration,
 * and with the kept rows two thirds of the gathers. Other layers' G changes with every (v,u) step and is prepared for
 * each solve. A solve on a prepared G gives the same result, bit for bit, as one on the raw G.
 *
 * <p>Obtain one from {@link GroupLassoSolver#prepare}. Keeps G by reference: G must not change afterwards. Not
 * thread-safe: one solve at a time.
 */
public final class PreparedGram {
    /** Power iterations for the estimate of λ_max(Ĝ). */
    private static final int POWER_ITERATIONS = 20;

    final double[] gram;
    final int p;
    /** Number of kept columns (G_jj > 0), the bias last. */
    final int q;
    /** Original column index of each kept column. */
    final int[] columns;
    /** sqrt(G_jj) of the kept columns. */
    final double[] sqrtDiagonal;
    /** Ĝ, q×q, unit diagonal. */
    final double[] scaled;
    /** ∇ in the scaled problem. */
    final GramProduct scaledProduct;
    /** ∇ in original units, for the final evaluation. */
    final GramProduct originalProduct;
    private double largestEigenvalue = Double.NaN;

    PreparedGram(double[] g, int p) {
        if (p < 1 || g.length != (long) p * p) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "sizes: p=%d, |G|=%d (need p*p)", p,
                    g.length));
        }
        for (double x : g) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("non-finite entry in G");
            }
        }
        if (!(g[p * p - 1] > 0)) {
            throw new IllegalArgumentException("G[p-1][p-1] (the sample count) must be positive: " + g[p * p - 1]);
        }
        this.gram = g;
        this.p = p;
        int[] kept = new int[p];
        int count = 0;
        for (int j = 0; j < p; j++) {
            if (g[j * (p + 1)] > 0) {
                kept[count++] = j;
            }
        }
        this.q = count;
        this.columns = Arrays.copyOf(kept, q);
        this.sqrtDiagonal = new double[q];
        for (int a = 0; a < q; a++) {
            sqrtDiagonal[a] = Math.sqrt(g[columns[a] * (p + 1)]);
        }
        this.scaled = new double[q * q];
        for (int b = 0; b < q; b++) {
            for (int a = 0; a < q; a++) {
                scaled[a + b * q] = g[columns[a] + columns[b] * p] / (sqrtDiagonal[a] * sqrtDiagonal[b]);
            }
        }
        this.scaledProduct = new GramProduct(scaled, q);
        this.originalProduct = new GramProduct(g, p);
    }

    /** True if this is the preparation of exactly this array (the trainer's test for a G it has prepared). */
    public boolean isOf(double[] g) {
        return g == gram;
    }

    /**
     * A power-iteration estimate of λ_max(Ĝ) from the all-equal start vector, a lower bound; 0 if that vector lies in
     * Ĝ's null space. Computed on first use.
     */
    double largestEigenvalueEstimate() {
        if (Double.isNaN(largestEigenvalue)) {
            largestEigenvalue = powerIteration();
        }
        return largestEigenvalue;
    }

    private double powerIteration() {
        BLAS blas = BLAS.getInstance();
        double[] x = new double[q];
        Arrays.fill(x, 1 / Math.sqrt(q));
        double[] y = new double[q];
        double estimate = 1;
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            blas.dgemv("N", q, q, 1.0, scaled, q, x, 1, 0.0, y, 1);
            estimate = Math.sqrt(blas.ddot(q, y, 1, y, 1));
            if (estimate == 0) {
                return 0;
            }
            for (int a = 0; a < q; a++) {
                x[a] = y[a] / estimate;
            }
        }
        return estimate;
    }
}
