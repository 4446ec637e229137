package org.ialam.driver.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ρ(WG − C) over W's non-zero columns, split between threads, against the plain triple loop over all columns. */
class GramProductTest {

    @ParameterizedTest(name = "m={0}, q={1}, zero-column fraction {2}, threads {3}")
    @CsvSource({
        "3, 5, 0, 1",
        "3, 5, 0.4, 2",
        "7, 1, 0, 2",
        "40, 300, 0.5, 1",
        "40, 300, 0.5, 2",
        "40, 300, 0.5, 3",
        "200, 180, 0.3, 2",
        "60, 120, 1, 2",
    })
    void equalsThePlainProductOverAllColumns(int m, int q, double zeroFraction, int threads) {
        SplittableRandom random = new SplittableRandom(m * 1000L + q);
        double[] a = random.doubles((long) q * q, -1, 1).toArray();
        double[] gram = new double[q * q];               // symmetric: G = A Aᵀ
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                double s = 0;
                for (int k = 0; k < q; k++) {
                    s += a[i + k * q] * a[j + k * q];
                }
                gram[i + j * q] = s;
            }
        }
        double[] cross = random.doubles((long) m * q, -1, 1).toArray();
        double[] w = random.doubles((long) m * q, -1, 1).toArray();
        for (int c = 0; c < q; c++) {
            if (random.nextDouble() < zeroFraction || zeroFraction == 1) {
                java.util.Arrays.fill(w, c * m, (c + 1) * m, 0);
            }
        }
        double rho = 0.37;

        double[] expected = new double[m * q];
        double scale = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < q; j++) {
                double s = 0;
                for (int k = 0; k < q; k++) {
                    s += w[i + k * m] * gram[k + j * q];
                }
                expected[i + j * m] = rho * (s - cross[i + j * m]);
                scale = Math.max(scale, Math.abs(expected[i + j * m]));
            }
        }
        GramProduct product = new GramProduct(threads);
        double[] gradient = new double[m * q];
        for (int repeat = 0; repeat < 2; repeat++) {    // the second call reuses the gathering buffers
            java.util.Arrays.fill(gradient, Double.NaN);
            product.gradient(w, gram, cross, m, q, rho, gradient);
            for (int k = 0; k < gradient.length; k++) {
                assertEquals(expected[k], gradient[k], 1e-12 * Math.max(1, scale) * q, "entry " + k);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void needsAThread() {
        assertThrows(IllegalArgumentException.class, () -> new GramProduct(0));
    }
}
