package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SyntheticTeacherTest {

    private static final int[] SIZES = {50, 20, 10, 3};
    private static final double ALPHA = 0.1;

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        SyntheticTeacher.Result a = SyntheticTeacher.generate(SIZES, ALPHA, 30, 40, 7L);
        SyntheticTeacher.Result b = SyntheticTeacher.generate(SIZES, ALPHA, 30, 40, 7L);
        SyntheticTeacher.Result c = SyntheticTeacher.generate(SIZES, ALPHA, 30, 40, 8L);
        assertArrayEquals(a.data().features(), b.data().features());
        assertArrayEquals(a.data().targets(), b.data().targets());
        assertArrayEquals(a.zeroInput(), b.zeroInput());
        for (int l = 0; l < SIZES.length - 1; l++) {
            assertArrayEquals(a.weights()[l], b.weights()[l]);
            assertArrayEquals(a.biases()[l], b.biases()[l]);
        }
        assertFalse(Arrays.equals(a.data().features(), c.data().features()));
        assertFalse(Arrays.equals(a.weights()[0], c.weights()[0]));
    }

    @Test
    void largerSampleExtendsSmallerWithSameTeacher() {
        SyntheticTeacher.Result small = SyntheticTeacher.generate(SIZES, ALPHA, 30, 10, 3L);
        SyntheticTeacher.Result large = SyntheticTeacher.generate(SIZES, ALPHA, 30, 25, 3L);
        assertArrayEquals(small.weights()[2], large.weights()[2]);
        assertArrayEquals(small.data().features(), large.data().head(10).features());
        assertArrayEquals(small.data().targets(), large.data().head(10).targets());
    }

    @Test
    void exactlyTheChosenInputColumnsAreZero() {
        SyntheticTeacher.Result r = SyntheticTeacher.generate(SIZES, ALPHA, 30, 5, 11L);
        int rows = SIZES[1];
        int zeroColumns = 0;
        for (int j = 0; j < SIZES[0]; j++) {
            boolean allZero = true;
            boolean anyZero = false;
            for (int i = 0; i < rows; i++) {
                double w = r.weights()[0][j * rows + i];
                allZero &= w == 0.0;
                anyZero |= w == 0.0;
            }
            assertEquals(r.zeroInput()[j], allZero, "column " + j);
            assertEquals(allZero, anyZero, "a random weight is never exactly zero, column " + j);
            zeroColumns += allZero ? 1 : 0;
        }
        assertEquals(30, zeroColumns);
    }

    @Test
    void targetsEqualDirectForwardPass() {
        SyntheticTeacher.Result r = SyntheticTeacher.generate(SIZES, ALPHA, 30, 20, 5L);
        LabeledData data = r.data();
        assertNull(data.labels());
        assertEquals(SIZES[0], data.inputDim());
        assertEquals(SIZES[3], data.outputDim());
        for (int s = 0; s < data.size(); s++) {
            double[] x = Arrays.copyOfRange(data.features(), s * SIZES[0], (s + 1) * SIZES[0]);
            double[] expected = forwardRowByRow(r, x);
            double[] actual = Arrays.copyOfRange(data.targets(), s * SIZES[3], (s + 1) * SIZES[3]);
            assertArrayEquals(expected, actual, 1e-12, "sample " + s);
            assertArrayEquals(expected, r.apply(x), 1e-12);
        }
    }

    /** F(x) written independently: each output as a dot product with a row of W. */
    private static double[] forwardRowByRow(SyntheticTeacher.Result r, double[] x) {
        double[] a = x;
        for (int l = 0; l < SIZES.length - 1; l++) {
            int rows = SIZES[l + 1];
            int cols = SIZES[l];
            double[] next = new double[rows];
            for (int i = 0; i < rows; i++) {
                double z = r.biases()[l][i];
                for (int j = 0; j < cols; j++) {
                    z += r.weights()[l][j * rows + i] * a[j];
                }
                next[i] = z >= 0 ? z : ALPHA * z;
            }
            a = next;
        }
        return a;
    }

    @Test
    void outputLayerIsLeakyToo() {
        SyntheticTeacher.Result r = SyntheticTeacher.generate(new int[] {4, 2}, 0.0, 0, 200, 1L);
        // With alpha 0 the output is a plain ReLU: never negative, and zero about half the time.
        long zeros = Arrays.stream(r.data().targets()).filter(y -> y == 0.0).count();
        assertTrue(Arrays.stream(r.data().targets()).allMatch(y -> y >= 0.0));
        assertTrue(zeros > 100 && zeros < 300, zeros + " zero outputs of 400");
    }

    @Test
    void weightAndBiasScalesFollowThePaper() {
        SyntheticTeacher.Result r = SyntheticTeacher.generate(new int[] {400, 300, 300}, ALPHA, 0, 1, 2L);
        // Var(W_2) = 1/300 over 90000 entries, Var(b) = 0.01 over 600 entries.
        assertEquals(1.0 / 300, variance(r.weights()[1]), 0.05 / 300);
        assertEquals(1.0 / 400, variance(r.weights()[0]), 0.05 / 400);
        double[] biases = new double[600];
        System.arraycopy(r.biases()[0], 0, biases, 0, 300);
        System.arraycopy(r.biases()[1], 0, biases, 300, 300);
        assertEquals(0.01, variance(biases), 0.0015);
        assertEquals(1.0, variance(r.data().features()), 0.2);
    }

    private static double variance(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticTeacher.generate(new int[] {5}, ALPHA, 0, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticTeacher.generate(new int[] {5, 0, 1}, ALPHA, 0, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticTeacher.generate(SIZES, ALPHA, 51, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticTeacher.generate(SIZES, Double.NaN, 0, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticTeacher.generate(SIZES, ALPHA, 0, 0, 0));
    }

    @Test
    void describesItself() {
        assertEquals("synthetic teacher 50-20-10-3 (alpha 0.1, 30 zero input columns, seed 7), 4 samples",
                SyntheticTeacher.generate(SIZES, ALPHA, 30, 4, 7L).data().description());
    }
}
