package org.ialam.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ||W||₂ against independent references, for both of its branches (W Wᵀ when m ≤ k, WᵀW when m > k): closed forms
 * (a diagonal and a rank-one matrix) and a long power iteration written out in plain loops.
 */
class SpectralNormTest {

    @ParameterizedTest(name = "{0} x {1}")
    @CsvSource({"7, 12", "12, 7", "9, 9", "1, 5", "5, 1"})
    void equalsClosedFormsAndPowerIteration(int m, int k) {
        // diagonal: the largest |d_i|
        double[] diagonal = new double[m * k];
        double largest = 0;
        for (int i = 0; i < Math.min(m, k); i++) {
            double d = (i % 2 == 0 ? 1 : -1) * (1.5 + i);
            diagonal[i + i * m] = d;
            largest = Math.max(largest, Math.abs(d));
        }
        assertEquals(largest, SpectralNorm.of(diagonal, m, k), 1e-14 * largest, "diagonal");

        // rank one, a bᵀ: |a| |b|
        SplittableRandom random = new SplittableRandom(31L * m + k);
        double[] a = gaussian(random, m);
        double[] b = gaussian(random, k);
        double[] rankOne = new double[m * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < m; i++) {
                rankOne[i + j * m] = a[i] * b[j];
            }
        }
        double product = norm(a) * norm(b);
        assertEquals(product, SpectralNorm.of(rankOne, m, k), 1e-13 * product, "rank one");

        // a random matrix, with entries beyond m·k that must be ignored (the bias column of W̃)
        double[] w = gaussian(random, m * k + m);
        double reference = powerIteration(w, m, k);
        assertEquals(reference, SpectralNorm.of(w, m, k), 1e-10 * reference, "random");
    }

    /** sqrt of the largest eigenvalue of WᵀW by 20000 power steps from a fixed start. */
    private static double powerIteration(double[] w, int m, int k) {
        double[] x = new double[k];
        java.util.Arrays.fill(x, 1.0);
        double lambda = 0;
        for (int step = 0; step < 20000; step++) {
            double[] y = new double[m];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    y[i] += w[i + j * m] * x[j];
                }
            }
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    z[j] += w[i + j * m] * y[i];
                }
            }
            lambda = norm(z) / norm(x);
            double scale = norm(z);
            for (int j = 0; j < k; j++) {
                x[j] = z[j] / scale;
            }
        }
        return Math.sqrt(lambda);
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }
}
