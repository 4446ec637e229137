package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistReaderTest {

    private static final Path REAL_MNIST = Path.of("/work/shared/data/mnist");
    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    private static final int PIXELS = 28 * 28;

    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    // ---- the real files ----

    @Test
    void readsRealTrainingSet() {
        Assumptions.assumeTrue(Files.isDirectory(REAL_MNIST), "no MNIST in " + REAL_MNIST);
        long start = System.nanoTime();
        LabeledData train = MnistReader.readTrain(REAL_MNIST.toString(), 0, conf);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("read 60000 MNIST training images in %.2f s%n", seconds);

        assertEquals(60000, train.size());
        assertEquals(PIXELS, train.inputDim());
        assertEquals(10, train.outputDim());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                labelCounts(train));
        assertEquals(5, train.labels()[0], "the first training digit is a 5");
        double min = Arrays.stream(train.features()).min().orElseThrow();
        double max = Arrays.stream(train.features()).max().orElseThrow();
        assertEquals(0.0, min);
        assertEquals(1.0, max);
        assertTrue(train.description().startsWith("MNIST train (60000 of 60000 images) from file:"),
                train.description());
        // Generous bound for a loaded 2-core machine; typically well under a second.
        assertTrue(seconds < 5, "reading took " + seconds + " s");
    }

    @Test
    void readsRealTestSetAndLimitTakesFilePrefix() {
        Assumptions.assumeTrue(Files.isDirectory(REAL_MNIST), "no MNIST in " + REAL_MNIST);
        LabeledData test = MnistReader.readTest(REAL_MNIST.toString(), -1, conf);
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                labelCounts(test));
        assertEquals(7, test.labels()[0], "the first test digit is a 7");

        LabeledData first = MnistReader.readTest(REAL_MNIST.toString(), 100, conf);
        assertEquals(100, first.size());
        assertArrayEquals(Arrays.copyOf(test.labels(), 100), first.labels());
        assertArrayEquals(Arrays.copyOf(test.features(), 100 * PIXELS), first.features());
        assertTrue(first.description().startsWith("MNIST test (100 of 10000 images)"));
    }

    private static int[] labelCounts(LabeledData data) {
        int[] counts = new int[10];
        for (int label : data.labels()) {
            counts[label]++;
        }
        return counts;
    }

    // ---- small synthetic files ----

    @Test
    void readsRawFiles() throws IOException {
        writeTrain(false);
        LabeledData data = MnistReader.readTrain(dir.toString(), 0, conf);
        assertEquals(3, data.size());
        assertArrayEquals(new int[] {3, 0, 9}, data.labels());
        for (int k = 0; k < 3 * PIXELS; k++) {
            assertEquals(pixel(k) / 255.0, data.features()[k]);
        }
        assertEquals(1.0, data.targets()[3]);
        assertEquals(1.0, data.targets()[10]);
        assertEquals(1.0, data.targets()[29]);
        assertEquals(3.0, Arrays.stream(data.targets()).sum());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, data.classValues());
        assertEquals("MNIST train (3 of 3 images) from " + qualifiedDir(), data.description());
    }

    @Test
    void readsGzippedFilesWithSchemeAndLimit() throws IOException {
        writeTrain(true);
        LabeledData data = MnistReader.readTrain(dir.toUri().toString(), 2, conf);
        assertEquals(2, data.size());
        assertArrayEquals(new int[] {3, 0}, data.labels());
        assertEquals(pixel(2 * PIXELS - 1) / 255.0, data.features()[2 * PIXELS - 1]);
        assertTrue(data.description().startsWith("MNIST train (2 of 3 images)"));
    }

    @Test
    void readsTestFilesByTheirOwnNames() throws IOException {
        write("t10k-images-idx3-ubyte", images(2051, 3, 28, 28, 3), true);
        write("t10k-labels-idx1-ubyte", labels(2049, 3, 1, 2, 3), false);
        assertArrayEquals(new int[] {1, 2, 3}, MnistReader.readTest(dir.toString(), 0, conf).labels());
    }

    @Test
    void detectsGzipByContentNotName() throws IOException {
        Files.write(dir.resolve(TRAIN_IMAGES), gzip(images(2051, 3, 28, 28, 3)));
        Files.write(dir.resolve(TRAIN_LABELS + ".gz"), labels(2049, 3, 3, 0, 9)); // raw despite .gz
        assertArrayEquals(new int[] {3, 0, 9}, MnistReader.readTrain(dir.toString(), 0, conf).labels());
    }

    @Test
    void prefersRawFileWhenBothExist() throws IOException {
        writeTrain(false);
        write(TRAIN_LABELS, labels(2049, 3, 7, 7, 7), true);
        assertArrayEquals(new int[] {3, 0, 9}, MnistReader.readTrain(dir.toString(), 0, conf).labels());
    }

    @Test
    void wrongImageMagic() throws IOException {
        write(TRAIN_IMAGES, images(2049, 3, 28, 28, 3), true);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), true);
        assertEquals(file(TRAIN_IMAGES + ".gz")
                        + ": magic number is 2049, expected 2051 (IDX3 unsigned-byte images)",
                failure(0).getMessage());
    }

    @Test
    void wrongLabelMagic() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), false);
        write(TRAIN_LABELS, labels(2051, 3, 3, 0, 9), false);
        assertEquals(file(TRAIN_LABELS)
                        + ": magic number is 2051, expected 2049 (IDX1 unsigned-byte labels)",
                failure(0).getMessage());
    }

    @Test
    void truncatedRawImagesDetectedEvenWithLimit() throws IOException {
        byte[] full = images(2051, 3, 28, 28, 3);
        write(TRAIN_IMAGES, Arrays.copyOf(full, full.length - 100), false);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), false);
        String expected = file(TRAIN_IMAGES) + ": truncated, the header promises 3 images (2368 bytes)"
                + " but the file has 2268 bytes";
        assertEquals(expected, failure(0).getMessage());
        assertEquals(expected, failure(1).getMessage());
    }

    @Test
    void truncatedGzippedImages() throws IOException {
        byte[] full = images(2051, 3, 28, 28, 3);
        write(TRAIN_IMAGES, Arrays.copyOf(full, 16 + PIXELS + 5), true);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), true);
        assertEquals(file(TRAIN_IMAGES + ".gz") + ": truncated, the header promises 3 images"
                        + " (2368 bytes after decompression) but the file has 805 bytes",
                failure(0).getMessage());
    }

    @Test
    void truncatedLabels() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), false);
        write(TRAIN_LABELS, Arrays.copyOf(labels(2049, 3, 3, 0, 9), 10), true);
        assertEquals(file(TRAIN_LABELS + ".gz") + ": truncated, the header promises 3 labels"
                        + " (11 bytes after decompression) but the file has 10 bytes",
                failure(0).getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        write(TRAIN_IMAGES, Arrays.copyOf(images(2051, 3, 28, 28, 3), 12), false);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), false);
        assertEquals(file(TRAIN_IMAGES) + ": truncated header, expected 16 bytes, found 12",
                failure(0).getMessage());
    }

    @Test
    void cutOffGzipStream() throws IOException {
        byte[] gz = gzip(images(2051, 3, 28, 28, 3));
        Files.write(dir.resolve(TRAIN_IMAGES + ".gz"), Arrays.copyOf(gz, gz.length - 20));
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), false);
        String message = failure(0).getMessage();
        assertTrue(message.startsWith("cannot read " + file(TRAIN_IMAGES + ".gz")
                + ": corrupt or truncated gzip data"), message);
    }

    @Test
    void rawFileLongerThanItsHeaderSays() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 4), false);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), false);
        String expected = file(TRAIN_IMAGES) + ": more data after the 3 images the header promises (2368 bytes),"
                + " expected the file to end there";
        assertEquals(expected, failure(0).getMessage());
        assertEquals(expected, failure(1).getMessage());
    }

    @Test
    void gzippedFileWithMoreDataThanItsHeaderSays() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), true);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9, 4), true);
        assertEquals(file(TRAIN_LABELS + ".gz") + ": more data after the 3 labels the header promises (11 bytes after"
                + " decompression), expected the file to end there", failure(0).getMessage());
    }

    /** The CRC in the gzip trailer is checked: the reader must not stop at the payload's last byte. */
    @Test
    void gzipTrailerWithAWrongChecksum() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), false);
        byte[] gz = gzip(labels(2049, 3, 3, 0, 9));
        gz[gz.length - 8] ^= 1;    // the trailer: CRC-32 (4 bytes), then the length (4 bytes)
        Files.write(dir.resolve(TRAIN_LABELS + ".gz"), gz);
        String message = failure(0).getMessage();
        assertTrue(message.startsWith("cannot read " + file(TRAIN_LABELS + ".gz")
                + ": corrupt or truncated gzip data"), message);
    }

    @Test
    void noImages() throws IOException {
        write(TRAIN_IMAGES, images(2051, 0, 28, 28, 0), false);
        write(TRAIN_LABELS, labels(2049, 0), false);
        assertEquals(file(TRAIN_IMAGES) + ": number of images is 0, expected at least one", failure(0).getMessage());
    }

    @Test
    void countMismatch() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), false);
        write(TRAIN_LABELS, labels(2049, 2, 3, 0), true);
        assertEquals(file(TRAIN_IMAGES) + " has 3 images but " + file(TRAIN_LABELS + ".gz")
                + " has 2 labels, expected equal counts", failure(0).getMessage());
    }

    @Test
    void missingLabelFile() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), true);
        assertEquals(qualifiedDir() + ": neither train-labels-idx1-ubyte nor train-labels-idx1-ubyte.gz"
                + " found (download MNIST with scripts/get-mnist.sh)", failure(0).getMessage());
    }

    @Test
    void missingDirectory() {
        String missing = dir.resolve("nowhere").toString();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> MnistReader.readTrain(missing, 0, conf));
        assertEquals("file:" + missing + ": MNIST directory does not exist (download the files with"
                + " scripts/get-mnist.sh " + missing + ")", e.getMessage());
    }

    @Test
    void labelOutOfRange() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), false);
        write(TRAIN_LABELS, labels(2049, 3, 3, 10, 9), false);
        assertEquals(file(TRAIN_LABELS) + ": label at index 1 (0-based) is 10, expected 0..9",
                failure(0).getMessage());
    }

    @Test
    void imagesOtherThan28By28() throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 32, 32, 3), false);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), false);
        assertEquals(file(TRAIN_IMAGES) + ": image size is 32x32, expected 28x28 (MNIST)",
                failure(0).getMessage());
    }

    // ---- helpers ----

    private InvalidInputException failure(int limit) {
        return assertThrows(InvalidInputException.class,
                () -> MnistReader.readTrain(dir.toString(), limit, conf));
    }

    /** How the reader names files: qualified with the file: scheme. */
    private String file(String name) {
        return qualifiedDir() + "/" + name;
    }

    private String qualifiedDir() {
        return "file:" + dir.toAbsolutePath();
    }

    private void writeTrain(boolean gzipped) throws IOException {
        write(TRAIN_IMAGES, images(2051, 3, 28, 28, 3), gzipped);
        write(TRAIN_LABELS, labels(2049, 3, 3, 0, 9), gzipped);
    }

    private void write(String name, byte[] content, boolean gzipped) throws IOException {
        if (gzipped) {
            Files.write(dir.resolve(name + ".gz"), gzip(content));
        } else {
            Files.write(dir.resolve(name), content);
        }
    }

    /** Pixel k of the synthetic images, covering all byte values. */
    private static int pixel(int k) {
        return (k * 7 + k / PIXELS) % 256;
    }

    private static byte[] images(int magic, int count, int rows, int cols, int actualImages) {
        ByteBuffer b = ByteBuffer.allocate(16 + actualImages * rows * cols);
        b.putInt(magic).putInt(count).putInt(rows).putInt(cols);
        for (int k = 0; k < actualImages * rows * cols; k++) {
            b.put((byte) pixel(k));
        }
        return b.array();
    }

    private static byte[] labels(int magic, int count, int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length);
        b.putInt(magic).putInt(count);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
