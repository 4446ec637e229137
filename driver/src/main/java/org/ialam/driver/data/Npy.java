package org.ialam.driver.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * NumPy {@code .npy} files of float64 matrices and vectors, so trained weights can be inspected
 * with {@code numpy.load} and reference arrays from Python can be read back.
 *
 * <p>Writes format version 1.0: the magic {@code \x93NUMPY}, version bytes 1 0, a little-endian
 * uint16 header length, then an ASCII dict such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and
 * ending in a newline so that magic, version, length and header together take a multiple of 64
 * bytes; then the values as little-endian float64 in C (row-major) order.
 *
 * <p>Reads versions 1.0 to 3.0 (they differ only in the width of the header length) with dtype
 * {@code '<f8'} and shape {@code (n,)} or {@code (r, c)}, in either C or Fortran order; anything
 * else is an {@link InvalidInputException} that says what was found.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    /** Values converted per bulk read or write. */
    private static final int CHUNK = 8192;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * A matrix read from a {@code .npy} file, held in row-major (C) order. A 1-D file of shape
     * {@code (n,)} reads as an n x 1 column with {@link #isVector()} true.
     */
    public static final class Matrix {

        private final int rows;
        private final int cols;
        private final boolean vector;
        private final double[] rowMajor;

        Matrix(int rows, int cols, boolean vector, double[] rowMajor) {
            this.rows = rows;
            this.cols = cols;
            this.vector = vector;
            this.rowMajor = rowMajor;
        }

        /** Number of rows; n for a vector of shape (n,). */
        public int rows() {
            return rows;
        }

        /** Number of columns; 1 for a vector. */
        public int cols() {
            return cols;
        }

        /** Whether the file held a 1-D array of shape (n,). */
        public boolean isVector() {
            return vector;
        }

        /** Entry (r, c). */
        public double get(int r, int c) {
            return rowMajor[r * cols + c];
        }

        /** The values in row-major order, entry (r, c) at {@code [r * cols + c]}; do not modify. */
        public double[] rowMajor() {
            return rowMajor;
        }

        /** A new array in column-major order, entry (r, c) at {@code [c * rows + r]}, as the trainer stores W. */
        public double[] columnMajor() {
            return transpose(rowMajor, rows, cols);
        }
    }

    /**
     * Writes a {@code rows x cols} matrix as shape {@code (rows, cols)}, C order.
     *
     * @param data             {@code rows * cols} values
     * @param columnMajorInput whether {@code data} is column-major (entry (r, c) at
     *                         {@code [c * rows + r]}); it is transposed while writing
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void write(FileSystem fs, Path path, double[] data, int rows, int cols,
                             boolean columnMajorInput) {
        if (rows < 0 || cols < 0 || data.length != (long) rows * cols) {
            throw new IllegalArgumentException(path + ": " + data.length + " values for a "
                    + rows + " x " + cols + " matrix");
        }
        double[] rowMajor = columnMajorInput ? transpose(data, cols, rows) : data;
        writeArray(fs, path, rowMajor, "(" + rows + ", " + cols + ")");
    }

    /**
     * Writes a vector as shape {@code (n,)}.
     *
     * @throws UncheckedIOException naming the path if the file cannot be written
     */
    public static void writeVector(FileSystem fs, Path path, double[] data) {
        writeArray(fs, path, data, "(" + data.length + ",)");
    }

    /**
     * Reads a float64 vector or matrix.
     *
     * @throws InvalidInputException naming the path if the file is missing, unreadable, not a
     *                               {@code .npy} file, not {@code '<f8'}, not 1-D or 2-D, or
     *                               truncated
     */
    public static Matrix read(FileSystem fs, Path path) {
        try (InputStream in = new BufferedInputStream(fs.open(path), 1 << 16)) {
            return read(in, fs.makeQualified(path));
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(fs.makeQualified(path), e);
        }
    }

    /** The header for a shape literal such as {@code (2, 3)} or {@code (3,)}, padded per the spec. */
    static byte[] header(String shape) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = MAGIC.length + 2 + 2;
        int unpadded = prefix + dict.length() + 1; // + the final newline
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLength = total - prefix;
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        header.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (header.position() < total - 1) {
            header.put((byte) ' ');
        }
        header.put((byte) '\n');
        return header.array();
    }

    private static void writeArray(FileSystem fs, Path path, double[] rowMajor, String shape) {
        try (OutputStream out = new BufferedOutputStream(fs.create(path, true), 1 << 16)) {
            out.write(header(shape));
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < rowMajor.length; start += CHUNK) {
                int count = Math.min(CHUNK, rowMajor.length - start);
                chunk.clear();
                chunk.asDoubleBuffer().put(rowMajor, start, count);
                out.write(chunk.array(), 0, count * Double.BYTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static Matrix read(InputStream in, Path path) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length + 2);
        if (magic.length < MAGIC.length + 2 || !startsWithMagic(magic)) {
            throw new InvalidInputException(path + ": does not start with the .npy magic"
                    + " \\x93NUMPY, expected a NumPy .npy file");
        }
        int major = magic[MAGIC.length];
        int lengthBytes;
        if (major == 1) {
            lengthBytes = 2;
        } else if (major == 2 || major == 3) {
            lengthBytes = 4;
        } else {
            throw new InvalidInputException(path + ": .npy format version is " + major + "."
                    + magic[MAGIC.length + 1] + ", expected 1.0, 2.0 or 3.0");
        }
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new InvalidInputException(path + ": truncated .npy header");
        }
        ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2
                ? Short.toUnsignedInt(lengthBuffer.getShort())
                : Integer.toUnsignedLong(lengthBuffer.getInt());
        if (headerLength > 1 << 20) {
            throw new InvalidInputException(path + ": .npy header length is " + headerLength
                    + " bytes, expected a short header of at most 1 MiB");
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new InvalidInputException(path + ": truncated .npy header, expected "
                    + headerLength + " bytes, found " + headerBytes.length);
        }
        String header = new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();

        String descr = field(DESCR, header, path, "descr");
        if (!descr.equals("<f8")) {
            throw new InvalidInputException(path + ": dtype is '" + descr + "', expected '<f8'"
                    + " (little-endian float64; convert with a.astype('<f8'))");
        }
        boolean fortranOrder = field(FORTRAN, header, path, "fortran_order").equals("True");
        List<Long> shape = shape(field(SHAPE, header, path, "shape"), path);
        if (shape.size() != 1 && shape.size() != 2) {
            throw new InvalidInputException(path + ": shape has " + shape.size()
                    + " dimensions (" + header + "), expected 1 (n,) or 2 (rows, cols)");
        }
        long rows = shape.get(0);
        long cols = shape.size() == 2 ? shape.get(1) : 1;
        if (rows * cols > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(path + ": shape " + rows + " x " + cols
                    + " has more values than fit in one array, expected at most "
                    + (Integer.MAX_VALUE - 8));
        }

        double[] values = new double[(int) (rows * cols)];
        byte[] chunk = new byte[CHUNK * Double.BYTES];
        for (int start = 0; start < values.length; start += CHUNK) {
            int count = Math.min(CHUNK, values.length - start);
            int found = in.readNBytes(chunk, 0, count * Double.BYTES);
            if (found < count * Double.BYTES) {
                throw new InvalidInputException(path + ": truncated data, shape " + rows + " x "
                        + cols + " needs " + values.length * (long) Double.BYTES
                        + " bytes after the header, found " + ((long) start * Double.BYTES + found));
            }
            ByteBuffer.wrap(chunk, 0, found).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                    .get(values, start, count);
        }
        // Fortran order stores the columns one after the other, i.e. column-major.
        double[] rowMajor = fortranOrder ? transpose(values, (int) cols, (int) rows) : values;
        return new Matrix((int) rows, (int) cols, shape.size() == 1, rowMajor);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int k = 0; k < MAGIC.length; k++) {
            if (bytes[k] != MAGIC[k]) {
                return false;
            }
        }
        return true;
    }

    private static String field(Pattern pattern, String header, Path path, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new InvalidInputException(path + ": .npy header " + header + " has no valid '"
                    + name + "' entry");
        }
        return m.group(1);
    }

    private static List<Long> shape(String tuple, Path path) {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String dim = part.strip();
            if (dim.isEmpty()) {
                continue; // the trailing comma of (n,) and (r, c,)
            }
            try {
                long size = Long.parseLong(dim);
                if (size < 0) {
                    throw new NumberFormatException();
                }
                dims.add(size);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(path + ": shape (" + tuple + ") has dimension '"
                        + dim + "', expected non-negative integers");
            }
        }
        return dims;
    }

    /**
     * Transposes a {@code rows x cols} row-major array, which is the same as reading a
     * {@code cols x rows} column-major one as row-major.
     */
    private static double[] transpose(double[] rowMajor, int rows, int cols) {
        double[] out = new double[rowMajor.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = rowMajor[r * cols + c];
            }
        }
        return out;
    }
}
