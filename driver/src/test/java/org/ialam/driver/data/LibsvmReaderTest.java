package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmReaderTest {

    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        sc = org.ialam.driver.spark.SharedSpark.context();
    }

    private LabeledData read(Path file, int numFeatures) {
        return LibsvmReader.read(sc, file.toString(), numFeatures, sc.hadoopConfiguration());
    }

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private String qualified(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    @Test
    void readsClassificationFileInOrder() throws IOException {
        Path file = file("three.txt", """
                # a comment, then a blank line

                3 1:0.5 4:-2
                1 2:1.5
                2  1:1   3:7e-1
                1
                """);
        LabeledData data = read(file, 0);
        assertEquals(4, data.size());
        assertEquals(4, data.inputDim(), "largest index");
        assertEquals(3, data.outputDim());
        assertArrayEquals(new double[] {1, 2, 3}, data.classValues());
        assertArrayEquals(new int[] {2, 0, 1, 0}, data.labels());
        assertArrayEquals(new double[] {
            0.5, 0, 0, -2,
            0, 1.5, 0, 0,
            1, 0, 0.7, 0,
            0, 0, 0, 0}, data.features());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}, data.targets());
        assertEquals("LIBSVM " + qualified(file) + " (4 samples, 4 features, 3 classes)",
                data.description());
    }

    @Test
    void mapsMinusOnePlusOneToClassesZeroOne() throws IOException {
        LabeledData data = read(file("binary.txt", "+1 1:1\n-1 2:1\n-1 1:2\n+1.0 2:2\n"), 0);
        assertArrayEquals(new double[] {-1, 1}, data.classValues());
        assertArrayEquals(new int[] {1, 0, 0, 1}, data.labels());
        assertEquals(2, data.outputDim());
    }

    @Test
    void nonIntegerLabelsMeanRegression() throws IOException {
        LabeledData data = read(file("reg.txt", "0.25 1:1\n-3 2:1\n"), 0);
        assertFalse(data.isClassification());
        assertNull(data.labels());
        assertEquals(1, data.outputDim());
        assertArrayEquals(new double[] {0.25, -3}, data.targets());
    }

    @Test
    void givenNumberOfFeaturesWidensInput() throws IOException {
        LabeledData data = read(file("wide.txt", "1 2:1\n0 1:1\n"), 5);
        assertEquals(5, data.inputDim());
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1, 0, 0, 0, 0}, data.features());
    }

    @Test
    void readsGzippedFileAndDirectoryOfParts() throws IOException {
        Path parts = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(parts.resolve("part-00000"), "1 1:1\n");
        Files.write(parts.resolve("part-00001.gz"), gzip("0 2:1\n"));
        Files.writeString(parts.resolve("_SUCCESS"), "");
        LabeledData data = read(parts, 0);
        assertEquals(2, data.size());
        assertEquals(2, data.inputDim());
    }

    @Test
    void testSetTakesTrainingDimensionAndClasses() throws IOException {
        LabeledData train = read(file("train.txt", "1 1:1\n2 2:1\n3 3:1\n"), 0);
        Path testFile = file("test.txt", "3 1:5\n1 2:5\n");
        LabeledData test = LibsvmReader.readMatching(sc, testFile.toString(), train, sc.hadoopConfiguration());
        assertArrayEquals(new int[] {2, 0}, test.labels(), "by the training classes, not {0, 1}");
        assertArrayEquals(new double[] {1, 2, 3}, test.classValues());
        assertEquals(3, test.inputDim());
        assertEquals(3, test.outputDim());
        assertArrayEquals(new double[] {5, 0, 0, 0, 5, 0}, test.features());
    }

    @Test
    void testSetLabelOutsideTrainingClasses() throws IOException {
        LabeledData train = read(file("train.txt", "-1 1:1\n+1 2:1\n"), 0);
        Path testFile = file("test.txt", "1 1:5\n0 2:5\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LibsvmReader.readMatching(sc, testFile.toString(), train, sc.hadoopConfiguration()));
        assertEquals(qualified(testFile) + ":2: label is 0, expected one of the training classes {-1, 1}",
                e.getMessage());
    }

    @Test
    void testSetWithMoreFeaturesThanTheTrainingData() throws IOException {
        LabeledData train = read(file("train.txt", "1 1:1\n2 2:1\n"), 0);
        Path testFile = file("test.txt", "1 1:5\n2 5:5\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LibsvmReader.readMatching(sc, testFile.toString(), train, sc.hadoopConfiguration()));
        assertEquals(qualified(testFile) + ":2: feature index is 5, expected at most the training data's 2 features",
                e.getMessage());
    }

    @Test
    void testSetOfRegressionIsRegressionEvenWithIntegerTargets() throws IOException {
        LabeledData train = read(file("train.txt", "0.5 1:1\n"), 0);
        LabeledData test = LibsvmReader.readMatching(sc, file("test.txt", "2 1:1\n").toString(), train,
                sc.hadoopConfiguration());
        assertFalse(test.isClassification());
        assertArrayEquals(new double[] {2}, test.targets());
    }

    @Test
    void nanFeatureNamesFileLineAndIndex() throws IOException {
        Path file = file("nan.txt", "1 1:1\n\n0 1:2 3:NaN\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":3: value of feature 3 is NaN, expected a finite number",
                e.getMessage());
    }

    @Test
    void infiniteLabel() throws IOException {
        Path file = file("inf.txt", "Infinity 1:1\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":1: label is Infinity, expected a finite number",
                e.getMessage());
    }

    @Test
    void unparsableLine() throws IOException {
        Path file = file("bad.txt", "1 1:1\n0 2:1\nhello world\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":3: label 'hello' is not a number", e.getMessage());
    }

    @Test
    void featureWithoutValue() throws IOException {
        Path file = file("novalue.txt", "1 1:1 2:\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":1: value of feature 2 '' is not a number", e.getMessage());
    }

    @Test
    void fieldWithoutColon() throws IOException {
        Path file = file("nocolon.txt", "1 1:1 7\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":1: field '7' is not of the form index:value", e.getMessage());
    }

    @Test
    void zeroBasedIndex() throws IOException {
        Path file = file("zero.txt", "1 0:1 1:2\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":1: feature index is 0, expected one-based indices (at least 1)",
                e.getMessage());
    }

    @Test
    void indicesNotAscending() throws IOException {
        Path file = file("order.txt", "1 1:1\n1 3:1 2:1\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertEquals(qualified(file) + ":2: feature index 2 follows 3, expected strictly ascending indices",
                e.getMessage());
    }

    @Test
    void indexBeyondGivenNumberOfFeatures() throws IOException {
        Path file = file("beyond.txt", "1 1:1 9:1\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 4));
        assertEquals(qualified(file) + ":1: feature index is 9, expected at most the given 4 features",
                e.getMessage());
    }

    @Test
    void tabSeparatedLine() throws IOException {
        Path file = file("tabs.txt", "1\t1:1\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertTrue(e.getMessage().startsWith(qualified(file) + ":1: tab character found"),
                e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("missing.txt");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(missing, 0));
        assertEquals(qualified(missing) + ": LIBSVM input does not exist (or is an empty directory)",
                e.getMessage());
    }

    @Test
    void onlyCommentsIsNoData() throws IOException {
        Path file = file("empty.txt", "# nothing\n\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, 0));
        assertTrue(e.getMessage().startsWith(qualified(file) + ": no samples"), e.getMessage());
    }

    private static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
