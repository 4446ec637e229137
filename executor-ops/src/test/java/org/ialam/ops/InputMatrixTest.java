package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sparse form of x against plain loops over the dense array, and the choice between the forms. */
class InputMatrixTest {
    /** Both implementations of the sparse products' loop: the tests' JVM has the Vector API module. */
    private static final List<ColumnCombiner> COMBINERS = List.of(ScalarColumnCombiner.INSTANCE, ColumnCombiner.fastest());

    /** Otherwise the SIMD loop would go untested here (and the trainer would run the slow one). */
    @Test
    void theVectorApiLoopIsChosenWhenTheModuleIsPresent() {
        assertInstanceOf(VectorColumnCombiner.class, ColumnCombiner.fastest(),
                "the test JVM must run with --add-modules=jdk.incubator.vector (pom's spark.jvm.options)");
    }

    /** Column-major rows × columns with the given share of non-zeros; one all-zero row and one all-zero column. */
    private static double[] randomInputs(SplittableRandom random, int rows, int columns, double density) {
        double[] x = new double[rows * columns];
        for (int s = 0; s < columns; s++) {
            for (int j = 0; j < rows; j++) {
                if (s != 1 && j != rows / 2 && random.nextDouble() < density) {
                    x[s * rows + j] = random.nextDouble() * 2 - 1;
                }
            }
        }
        return x;
    }

    private static double[] gaussian(SplittableRandom random, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }

    // sizes around the unrolling by four non-zeros and odd output heights; density up to dense; no dense panel (2.0),
    // the default one, and one of every feature with a non-zero (0.0)
    @ParameterizedTest(name = "{0} × {1}, m = {2}, density {3}, panel above {4}")
    @CsvSource({"7, 5, 3, 0.3, 0.3", "31, 17, 13, 0.2, 0.3", "64, 40, 200, 0.19, 0.3", "50, 30, 100, 0.25, 0.3",
        "10, 9, 1, 1.0, 0.3", "5, 3, 6, 0.0, 0.3", "31, 17, 13, 0.2, 2.0", "64, 40, 200, 0.19, 2.0",
        "31, 17, 13, 0.2, 0.0", "64, 40, 200, 0.19, 0.0", "64, 40, 200, 0.19, 0.2"})
    void sparseProductsEqualPlainLoops(int rows, int columns, int m, double density, double panelDensity)
            throws Exception {
        SplittableRandom random = new SplittableRandom(rows * 31L + columns);
        double[] x = randomInputs(random, rows, columns, density);
        SparseInputs sparse = roundTrip(SparseInputs.of(x, rows, columns, panelDensity));
        assertArrayEquals(x, sparse.toDense(), 0.0);
        assertEquals(expectedPanel(x, rows, columns, panelDensity), sparse.panelFeatures());

        double[] augmented = gaussian(random, m * (rows + 1));
        double[] expected = new double[m * columns];
        for (int s = 0; s < columns; s++) {
            for (int i = 0; i < m; i++) {
                double sum = augmented[m * rows + i];
                for (int j = 0; j < rows; j++) {
                    sum += augmented[j * m + i] * x[s * rows + j];
                }
                expected[s * m + i] = sum;
            }
        }
        for (ColumnCombiner combiner : COMBINERS) {
            double[] out = new double[m * columns];
            sparse.affine(augmented, m, out, combiner);
            assertArrayEquals(expected, out, 1e-12, "W x + b, " + combiner.description());
        }

        double[] t = gaussian(random, m * columns);
        double[] cross = gaussian(random, m * rows);
        double[] expectedCross = cross.clone();
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < m; i++) {
                for (int s = 0; s < columns; s++) {
                    expectedCross[j * m + i] += t[s * m + i] * x[s * rows + j];
                }
            }
        }
        for (ColumnCombiner combiner : COMBINERS) {
            double[] sum = cross.clone();
            sparse.addCross(t, m, sum, combiner);
            assertArrayEquals(expectedCross, sum, 1e-12, "target + t xᵀ, " + combiner.description());
        }

        int ld = rows + 1;
        double[] gram = new double[ld * ld];
        double[] expectedGram = new double[ld * ld];
        for (int a = 0; a < rows; a++) {
            for (int b = a; b < rows; b++) {
                for (int s = 0; s < columns; s++) {
                    expectedGram[b * ld + a] += x[s * rows + a] * x[s * rows + b];
                }
            }
            for (int s = 0; s < columns; s++) {
                expectedGram[rows * ld + a] += x[s * rows + a];
            }
        }
        sparse.addGramUpper(gram, ld);
        sparse.addRowSums(gram, rows * ld);
        assertArrayEquals(expectedGram, gram, 1e-12, "upper x xᵀ and row sums");

        // the dense form computes the same
        DenseInputs dense = new DenseInputs(x.clone(), rows, columns);
        double[] denseOut = new double[m * columns];
        dense.affine(augmented, m, denseOut);
        assertArrayEquals(expected, denseOut, 1e-12);
        double[] denseGram = new double[ld * ld];
        dense.addGramUpper(denseGram, ld);
        dense.addRowSums(denseGram, rows * ld);
        assertArrayEquals(expectedGram, denseGram, 1e-12);
    }

    /** Features non-zero in more than {@code panelDensity · columns} samples. */
    private static int expectedPanel(double[] x, int rows, int columns, double panelDensity) {
        int features = 0;
        for (int j = 0; j < rows; j++) {
            int count = 0;
            for (int s = 0; s < columns; s++) {
                count += x[s * rows + j] != 0 ? 1 : 0;
            }
            features += count > panelDensity * columns ? 1 : 0;
        }
        return features;
    }

    /**
     * Pixel-like inputs: a few features non-zero almost everywhere, the rest rarely. The panel holds exactly the
     * frequent ones, the products equal the panel-free form to rounding, and x survives both.
     */
    @Test
    void thePanelHoldsTheFrequentFeaturesAndChangesOnlyRounding() throws Exception {
        int rows = 60;
        int columns = 48;
        int m = 24;
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[rows * columns];
        for (int s = 0; s < columns; s++) {
            for (int j = 0; j < rows; j++) {
                double density = j % 5 == 0 ? 0.9 : 0.05;
                if (random.nextDouble() < density) {
                    x[s * rows + j] = random.nextDouble();
                }
            }
        }
        SparseInputs withPanel = roundTrip(SparseInputs.of(x, rows, columns));
        SparseInputs withoutPanel = SparseInputs.of(x, rows, columns, 2.0);
        assertEquals(rows / 5, withPanel.panelFeatures());
        assertEquals(0, withoutPanel.panelFeatures());
        assertEquals(withoutPanel.nonZeros(), withPanel.nonZeros());
        assertArrayEquals(x, withPanel.toDense(), 0.0);

        double[] augmented = gaussian(random, m * (rows + 1));
        double[] t = gaussian(random, m * columns);
        double[] start = gaussian(random, m * rows);
        double[] out = new double[m * columns];
        double[] reference = new double[m * columns];
        double[] cross = start.clone();
        double[] referenceCross = start.clone();
        double[] sums = new double[rows];
        double[] referenceSums = new double[rows];
        withPanel.affine(augmented, m, out);
        withoutPanel.affine(augmented, m, reference);
        withPanel.addCross(t, m, cross);
        withoutPanel.addCross(t, m, referenceCross);
        withPanel.addRowSums(sums, 0);
        withoutPanel.addRowSums(referenceSums, 0);
        assertArrayEquals(reference, out, 1e-12);
        assertArrayEquals(referenceCross, cross, 1e-12);
        assertArrayEquals(referenceSums, sums, 1e-12);
    }

    @ParameterizedTest(name = "{0} non-zeros of 100")
    @CsvSource({"0, true", "30, true", "31, false", "100, false"})
    void formFollowsDensity(int nonZeros, boolean sparse) {
        double[] x = new double[100];
        for (int i = 0; i < nonZeros; i++) {
            x[(i * 37) % 100] = 1 + i;
        }
        InputMatrix chosen = InputMatrix.of(x, 10, 10);
        assertEquals(sparse ? SparseInputs.class : DenseInputs.class, chosen.getClass());
        assertArrayEquals(x, chosen.toDense(), 0.0);
        if (sparse) {
            assertEquals(nonZeros, ((SparseInputs) chosen).nonZeros());
        }
    }

    private static SparseInputs roundTrip(SparseInputs value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SparseInputs) in.readObject();
        }
    }
}
