package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import org.junit.jupiter.api.Test;

class LabeledDataTest {

    private static LabeledData threeSamples() {
        double[] features = {1, 2, 3, 4, 5, 6};
        return LabeledData.classification(features, 2, new int[] {2, 0, 1},
                new double[] {-1, 0, 1}, "three");
    }

    @Test
    void classificationBuildsOneHotTargets() {
        LabeledData data = threeSamples();
        assertEquals(3, data.size());
        assertEquals(2, data.inputDim());
        assertEquals(3, data.outputDim());
        assertTrue(data.isClassification());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, data.targets());
        assertArrayEquals(new int[] {2, 0, 1}, data.labels());
        assertArrayEquals(new double[] {-1, 0, 1}, data.classValues());
        assertEquals("three", data.description());
    }

    @Test
    void regressionHasNoLabels() {
        LabeledData data = LabeledData.regression(new double[] {1, 2}, 1, new double[] {0.5, -0.5}, 1, "r");
        assertEquals(2, data.size());
        assertFalse(data.isClassification());
        assertNull(data.labels());
        assertNull(data.classValues());
    }

    @Test
    void headKeepsFirstSamples() {
        LabeledData head = threeSamples().head(2);
        assertEquals(2, head.size());
        assertArrayEquals(new double[] {1, 2, 3, 4}, head.features());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, head.targets());
        assertArrayEquals(new int[] {2, 0}, head.labels());
        assertEquals("three, first 2 samples", head.description());
    }

    @Test
    void headOfAtLeastSizeIsSameData() {
        LabeledData data = threeSamples();
        assertSame(data, data.head(3));
        assertSame(data, data.head(10));
        assertEquals(0, data.head(0).size());
        assertThrows(IllegalArgumentException.class, () -> data.head(-1));
    }

    @Test
    void rejectsNanFeatureNamingSampleAndFeature() {
        double[] features = {1, 2, 3, Double.NaN};
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabeledData.regression(features, 2, new double[] {0, 0}, 1, "set.txt"));
        assertEquals("set.txt: feature 1 of sample 1 (both 0-based) is NaN, expected a finite number",
                e.getMessage());
    }

    @Test
    void rejectsInfiniteTarget() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabeledData.regression(new double[] {1, 2, 3}, 1,
                        new double[] {0, 1, 2, 3, Double.POSITIVE_INFINITY, 5}, 2, "t"));
        assertEquals("t: target 0 of sample 2 (both 0-based) is Infinity, expected a finite number",
                e.getMessage());
    }

    @Test
    void rejectsInconsistentLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> LabeledData.regression(new double[] {1, 2, 3}, 2, new double[] {0}, 1, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> LabeledData.regression(new double[] {1, 2}, 1, new double[] {0}, 1, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> LabeledData.regression(new double[] {1}, 0, new double[] {0}, 1, "x"));
    }

    @Test
    void rejectsLabelOutOfRange() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabeledData.classification(new double[] {1, 2}, 1, new int[] {0, 3},
                        new double[] {0, 1}, "c"));
        assertEquals("c: class index of sample 1 is 3, expected 0..1", e.getMessage());
    }

    @Test
    void rejectsTargetsThatAreNotOneHotOfLabels() {
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledData(new double[] {1}, 1, new double[] {1, 0}, 2, new int[] {1},
                        new double[] {0, 1}, "c"));
        assertThrows(IllegalArgumentException.class,
                () -> new LabeledData(new double[] {1}, 1, new double[] {0, 1}, 2, new int[] {1},
                        null, "c"));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(threeSamples());
        }
        LabeledData copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (LabeledData) in.readObject();
        }
        assertArrayEquals(threeSamples().features(), copy.features());
        assertArrayEquals(threeSamples().targets(), copy.targets());
        assertArrayEquals(threeSamples().labels(), copy.labels());
        assertEquals("three", copy.description());
    }
}
