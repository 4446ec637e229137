package org.ialam.driver.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
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
                Arrays.fill(w, c * m, (c + 1) * m, 0);
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
        GramProduct product = new GramProduct(gram, q);
        double[] gradient = new double[m * q];
        for (int repeat = 0; repeat < 2; repeat++) {    // the second call reuses the gathered rows
            Arrays.fill(gradient, Double.NaN);
            product.gradient(w, cross, m, rho, threads, gradient);
            for (int k = 0; k < gradient.length; k++) {
                assertEquals(expected[k], gradient[k], 1e-12 * Math.max(1, scale) * q, "entry " + k);
            }
        }
    }

    /**
     * The gathered rows G[S,:] are kept for the next product with the same S and gathered again for another S: products
     * alternating between two supports, and one after the first support's values change, are each the product
     * computed afresh, bit for bit, and the rows are gathered once per change of S.
     */
    @Test
    void keepsTheGatheredRowsOnlyForTheSameSupport() {
        int m = 30;
        int q = 90;
        SplittableRandom random = new SplittableRandom(7);
        double[] a = random.doubles((long) q * q, -1, 1).toArray();
        double[] gram = new double[q * q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                gram[i + j * q] = gram[j + i * q] = a[i + j * q] + a[j + i * q];
            }
        }
        double[] cross = random.doubles((long) m * q, -1, 1).toArray();
        double[] first = random.doubles((long) m * q, -1, 1).toArray();
        double[] second = first.clone();
        for (int c = 0; c < q; c += 3) {
            Arrays.fill(first, c * m, (c + 1) * m, 0);
        }
        for (int c = 1; c < q; c += 4) {
            Arrays.fill(second, c * m, (c + 1) * m, 0);
        }
        double[] firstChanged = first.clone();
        for (int k = 0; k < firstChanged.length; k++) {
            firstChanged[k] *= 1.5;
        }
        GramProduct kept = new GramProduct(gram, q);
        double[][] sequence = {first, first, second, first, firstChanged, second, second};
        long[] gathersAfter = {1, 1, 2, 3, 3, 4, 4};
        for (int k = 0; k < sequence.length; k++) {
            double[] expected = new double[m * q];
            new GramProduct(gram, q).gradient(sequence[k], cross, m, 0.7, 2, expected);
            double[] gradient = new double[m * q];
            kept.gradient(sequence[k], cross, m, 0.7, 2, gradient);
            assertArrayEquals(expected, gradient, 0.0, "product " + k);
            assertEquals(gathersAfter[k], kept.gathers(), "gathers after product " + k);
        }
    }

    @Test
    void needsAThreadAndASquareGram() {
        GramProduct product = new GramProduct(new double[4], 2);
        assertThrows(IllegalArgumentException.class,
                () -> product.gradient(new double[2], new double[2], 1, 1.0, 0, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new GramProduct(new double[5], 2));
    }
}
