package org.ialam.driver.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    private static FileSystem fs;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void localFileSystem() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
    }

    private Path path(String name) {
        return new Path(dir.resolve(name).toString());
    }

    @Test
    void headerBytesFollowTheSpec() {
        byte[] header = Npy.header("(2, 3)");
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        assertEquals(128, header.length, "padded to a multiple of 64");
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0},
                Arrays.copyOf(header, 10), "magic, version 1.0, header length 118 little-endian");
        String text = new String(header, 10, 118, StandardCharsets.US_ASCII);
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", text);
    }

    @Test
    void headerPaddingGrowsToNextMultipleOf64() {
        byte[] widest = Npy.header("(2147483647, 2147483647)");
        assertEquals(128, widest.length);
        assertEquals('\n', widest[127]);
        // Longer than any 2-D shape, to exercise the padding arithmetic past one block.
        byte[] longer = Npy.header("(" + "1, ".repeat(30) + ")");
        assertEquals(192, longer.length);
        assertEquals(182, (longer[8] & 0xff) | (longer[9] & 0xff) << 8);
        assertEquals('\n', longer[191]);
        assertEquals(' ', longer[190]);
    }

    @Test
    void roundTripsRowMajorMatrix() {
        double[] data = {1, 2, 3, 4, 5, -6.25};
        Npy.write(fs, path("m.npy"), data, 2, 3, false);
        Npy.Matrix m = Npy.read(fs, path("m.npy"));
        assertEquals(2, m.rows());
        assertEquals(3, m.cols());
        assertFalse(m.isVector());
        assertArrayEquals(data, m.rowMajor());
        assertEquals(-6.25, m.get(1, 2));
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, -6.25}, m.columnMajor());
    }

    @Test
    void transposesColumnMajorInput() {
        double[] columnMajor = {1, 4, 2, 5, 3, 6}; // the 2 x 3 matrix [[1, 2, 3], [4, 5, 6]]
        Npy.write(fs, path("w.npy"), columnMajor, 2, 3, true);
        Npy.Matrix m = Npy.read(fs, path("w.npy"));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.rowMajor());
        assertArrayEquals(columnMajor, m.columnMajor());
    }

    @Test
    void roundTripsLargeMatrixAcrossChunks() {
        double[] data = new double[300 * 101];
        for (int k = 0; k < data.length; k++) {
            data[k] = Math.sin(k) * 1e3;
        }
        Npy.write(fs, path("big.npy"), data, 300, 101, false);
        assertArrayEquals(data, Npy.read(fs, path("big.npy")).rowMajor());
    }

    @Test
    void roundTripsVector() throws IOException {
        Npy.writeVector(fs, path("b.npy"), new double[] {0.5, Double.MIN_VALUE, -1e300});
        byte[] bytes = Files.readAllBytes(dir.resolve("b.npy"));
        assertTrue(new String(bytes, 0, 128, StandardCharsets.US_ASCII).contains("'shape': (3,), }"));
        assertEquals(128 + 3 * 8, bytes.length);
        Npy.Matrix v = Npy.read(fs, path("b.npy"));
        assertTrue(v.isVector());
        assertEquals(3, v.rows());
        assertEquals(1, v.cols());
        assertArrayEquals(new double[] {0.5, Double.MIN_VALUE, -1e300}, v.rowMajor());
    }

    @Test
    void readsFortranOrder() throws IOException {
        writeRaw("f.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 1, 4, 2, 5, 3, 6);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Npy.read(fs, path("f.npy")).rowMajor());
    }

    @Test
    void rejectsOtherDtype() throws IOException {
        writeRaw("f4.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(fs, path("f4.npy")));
        assertEquals("file:" + dir.resolve("f4.npy") + ": dtype is '<f4', expected '<f8'"
                + " (little-endian float64; convert with a.astype('<f8'))", e.getMessage());
    }

    @Test
    void rejectsThreeDimensions() throws IOException {
        writeRaw("3d.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", 0);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(fs, path("3d.npy")));
        assertTrue(e.getMessage().contains("shape has 3 dimensions"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        writeRaw("short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 1, 2, 3);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(fs, path("short.npy")));
        assertEquals("file:" + dir.resolve("short.npy") + ": truncated data, shape 2 x 2 needs 32 bytes"
                + " after the header, found 24", e.getMessage());
    }

    @Test
    void rejectsNonNpyAndMissingFiles() throws IOException {
        Files.writeString(dir.resolve("text.npy"), "not numpy at all");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(fs, path("text.npy")));
        assertTrue(e.getMessage().contains("does not start with the .npy magic"), e.getMessage());
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> Npy.read(fs, path("missing.npy")));
        assertTrue(missing.getMessage().startsWith("cannot read file:" + dir.resolve("missing.npy")),
                missing.getMessage());
    }

    @Test
    void numpyLoadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
        Assumptions.assumeTrue(python("import numpy") == 0, "python3 with numpy not available");
        Npy.write(fs, path("w.npy"), new double[] {1, 4, 2, 5, 3, 6.5}, 2, 3, true);
        Npy.writeVector(fs, path("v.npy"), new double[] {-1.5, 2});
        assertEquals(0, python("import numpy as np\n"
                + "w = np.load('" + dir.resolve("w.npy") + "')\n"
                + "v = np.load('" + dir.resolve("v.npy") + "')\n"
                + "assert w.dtype == np.float64 and w.shape == (2, 3), (w.dtype, w.shape)\n"
                + "assert (w == np.array([[1, 2, 3], [4, 5, 6.5]])).all(), w\n"
                + "assert v.shape == (2,) and (v == [-1.5, 2]).all(), v\n"
                + "np.save('" + dir.resolve("py.npy") + "', np.arange(12.0).reshape(3, 4))\n"
                + "np.save('" + dir.resolve("pyf.npy") + "', np.asfortranarray(np.arange(6.0).reshape(2, 3)))\n"));
        Npy.Matrix m = Npy.read(fs, path("py.npy"));
        assertEquals(3, m.rows());
        assertEquals(4, m.cols());
        assertEquals(7.0, m.get(1, 3));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, Npy.read(fs, path("pyf.npy")).rowMajor());
    }

    private static int python(String script) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).inheritIO().start();
        } catch (IOException e) {
            return -1; // no python3
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** A v1.0 file with a hand-written header dict and the given values as little-endian doubles. */
    private void writeRaw(String name, String dict, double... values) throws IOException {
        int headerLength = 128 - 10;
        ByteBuffer b = ByteBuffer.allocate(128 + values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) headerLength);
        b.put((dict + " ".repeat(headerLength - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putDouble(v);
        }
        Files.write(dir.resolve(name), b.array());
    }
}
