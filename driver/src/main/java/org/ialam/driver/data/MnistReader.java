package org.ialam.driver.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the original MNIST files (IDX format) from a directory on any Hadoop file system.
 *
 * <p>The directory holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each raw or gzipped with a
 * {@code .gz} suffix, as {@code scripts/get-mnist.sh} downloads them. When both forms of a file
 * exist the raw one is read, since it needs no decompression. Whether a file is gzipped is decided
 * by its first two bytes (1f 8b), not by its name, so a renamed file still reads.
 *
 * <p>Pixels are scaled to [0, 1] by dividing by 255; targets are one-hot over the 10 digits and
 * {@link LabeledData#classValues()} is 0..9. Every inconsistency (missing file, wrong magic
 * number, dimensions other than 28x28, truncation, image/label count mismatch, label outside 0..9)
 * is an {@link InvalidInputException} naming the file.
 *
 * <p>A path without a scheme resolves against {@code fs.defaultFS} of the configuration, which is
 * the local file system unless the configuration says otherwise.
 */
public final class MnistReader {

    private static final int IMAGE_MAGIC = 2051;
    private static final int LABEL_MAGIC = 2049;
    private static final int IMAGE_HEADER_BYTES = 16;
    private static final int LABEL_HEADER_BYTES = 8;
    private static final int SIDE = 28;
    private static final int PIXELS = SIDE * SIDE;
    private static final int CLASSES = 10;
    /** Exact pixel / 255.0 for every byte value, cheaper than a division per pixel. */
    private static final double[] SCALED = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            SCALED[v] = v / 255.0;
        }
    }

    private MnistReader() {
    }

    /**
     * The 60000 training images, or the first {@code limit} of them in file order.
     *
     * @param dir   directory with {@code train-images-idx3-ubyte[.gz]} and
     *              {@code train-labels-idx1-ubyte[.gz]}
     * @param limit at most this many images; 0 or negative means all
     */
    public static LabeledData readTrain(String dir, int limit, Configuration conf) {
        return read(dir, "train", "MNIST train", limit, conf);
    }

    /**
     * The 10000 test images, or the first {@code limit} of them in file order.
     *
     * @param dir   directory with {@code t10k-images-idx3-ubyte[.gz]} and
     *              {@code t10k-labels-idx1-ubyte[.gz]}
     * @param limit at most this many images; 0 or negative means all
     */
    public static LabeledData readTest(String dir, int limit, Configuration conf) {
        return read(dir, "t10k", "MNIST test", limit, conf);
    }

    private static LabeledData read(String dir, String prefix, String name, int limit,
                                    Configuration conf) {
        Path dirPath = new Path(dir);
        FileSystem fs;
        try {
            fs = dirPath.getFileSystem(conf);
            dirPath = fs.makeQualified(dirPath);
            if (!fs.getFileStatus(dirPath).isDirectory()) {
                throw new InvalidInputException(dirPath + ": is a file, expected the MNIST directory");
            }
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(dirPath + ": MNIST directory does not exist"
                    + " (download the files with scripts/get-mnist.sh " + dir + ")", e);
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(dirPath, e);
        }
        Path imagesPath = locate(fs, dirPath, prefix + "-images-idx3-ubyte");
        Path labelsPath = locate(fs, dirPath, prefix + "-labels-idx1-ubyte");

        try (IdxInput images = IdxInput.open(fs, imagesPath);
             IdxInput labels = IdxInput.open(fs, labelsPath)) {
            ByteBuffer imageHeader = images.header(IMAGE_HEADER_BYTES);
            images.requireMagic(imageHeader.getInt(), IMAGE_MAGIC, "IDX3 unsigned-byte images");
            int imageCount = images.requireCount(imageHeader.getInt(), "images");
            int rows = imageHeader.getInt();
            int cols = imageHeader.getInt();
            if (rows != SIDE || cols != SIDE) {
                throw new InvalidInputException(imagesPath + ": image size is " + rows + "x" + cols
                        + ", expected " + SIDE + "x" + SIDE + " (MNIST)");
            }
            ByteBuffer labelHeader = labels.header(LABEL_HEADER_BYTES);
            labels.requireMagic(labelHeader.getInt(), LABEL_MAGIC, "IDX1 unsigned-byte labels");
            int labelCount = labels.requireCount(labelHeader.getInt(), "labels");
            if (imageCount != labelCount) {
                throw new InvalidInputException(imagesPath + " has " + imageCount + " images but "
                        + labelsPath + " has " + labelCount + " labels, expected equal counts");
            }
            if (imageCount == 0) {
                throw new InvalidInputException(imagesPath + ": number of images is 0, expected at least one");
            }
            int n = limit > 0 ? Math.min(limit, imageCount) : imageCount;
            if ((long) n * PIXELS > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException(imagesPath + ": " + n + " images do not fit in one"
                        + " array, expected at most " + (Integer.MAX_VALUE - 8) / PIXELS
                        + " (use a limit)");
            }
            byte[] pixels = images.items(n, PIXELS, imageCount, "images");
            byte[] labelBytes = labels.items(n, 1, labelCount, "labels");

            double[] features = new double[n * PIXELS];
            for (int k = 0; k < features.length; k++) {
                features[k] = SCALED[pixels[k] & 0xff];
            }
            int[] digits = new int[n];
            for (int i = 0; i < n; i++) {
                digits[i] = labelBytes[i] & 0xff;
                if (digits[i] >= CLASSES) {
                    throw new InvalidInputException(labelsPath + ": label at index " + i
                            + " (0-based) is " + digits[i] + ", expected 0..9");
                }
            }
            double[] classValues = new double[CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                classValues[k] = k;
            }
            String description = name + " (" + n + " of " + imageCount + " images) from " + dirPath;
            return LabeledData.classification(features, PIXELS, digits, classValues, description);
        }
    }

    /** The raw file if it exists, else the gzipped one; fails naming both accepted names. */
    private static Path locate(FileSystem fs, Path dir, String baseName) {
        Path raw = new Path(dir, baseName);
        Path gzipped = new Path(dir, baseName + ".gz");
        try {
            if (isFile(fs, raw)) {
                return raw;
            }
            if (isFile(fs, gzipped)) {
                return gzipped;
            }
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(raw, e);
        }
        throw new InvalidInputException(dir + ": neither " + baseName + " nor " + baseName
                + ".gz found (download MNIST with scripts/get-mnist.sh)");
    }

    private static boolean isFile(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path).isFile();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /**
     * One IDX file being read: turns every I/O failure and short read into an
     * {@link InvalidInputException} naming the file.
     */
    private static final class IdxInput implements Closeable {

        private final Path path;
        private final InputStream in;
        private final boolean gzipped;
        /** Length on disk of a raw file, which bounds its content without reading it all. */
        private final long rawLength;
        private int headerBytes;

        private IdxInput(Path path, InputStream in, boolean gzipped, long rawLength) {
            this.path = path;
            this.in = in;
            this.gzipped = gzipped;
            this.rawLength = rawLength;
        }

        static IdxInput open(FileSystem fs, Path path) {
            InputStream file = null;
            try {
                long length = fs.getFileStatus(path).getLen();
                file = fs.open(path);
                BufferedInputStream buffered = new BufferedInputStream(file, 1 << 16);
                buffered.mark(2);
                boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
                buffered.reset();
                InputStream content = gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered;
                return new IdxInput(path, content, gzipped, length);
            } catch (IOException e) {
                closeQuietly(file, e);
                throw InvalidInputException.cannotRead(path, e);
            }
        }

        ByteBuffer header(int bytes) {
            headerBytes = bytes;
            byte[] header = new byte[bytes];
            int found = readFully(header, bytes);
            if (found < bytes) {
                throw new InvalidInputException(path + ": truncated header, expected " + bytes
                        + " bytes" + afterDecompression() + ", found " + found);
            }
            return ByteBuffer.wrap(header); // big-endian, as IDX is
        }

        void requireMagic(int magic, int expected, String meaning) {
            if (magic != expected) {
                throw new InvalidInputException(path + ": magic number is " + magic + ", expected "
                        + expected + " (" + meaning + ")");
            }
        }

        int requireCount(int count, String what) {
            if (count < 0) {
                throw new InvalidInputException(path + ": number of " + what + " is " + count
                        + ", expected a non-negative count");
            }
            return count;
        }

        /**
         * The first {@code n} items of {@code itemBytes} each, after the header. {@code count} is
         * what the header promises, so a raw file of another length is rejected even when only a
         * prefix is read; a gzipped one when the prefix itself is cut short, and, when all items are
         * read, unless the stream ends right after them (which also makes the inflater check the
         * gzip trailer's CRC: a stream read only to its payload's length never reaches it).
         */
        byte[] items(int n, int itemBytes, int count, String what) {
            long promised = headerBytes + (long) count * itemBytes;
            if (!gzipped && rawLength < promised) {
                throw truncated(count, what, promised, rawLength);
            }
            if (!gzipped && rawLength > promised) {
                throw trailing(count, what, promised);
            }
            byte[] data = new byte[n * itemBytes];
            int found = readFully(data, data.length);
            if (found < data.length) {
                throw truncated(count, what, promised, headerBytes + (long) found);
            }
            if (gzipped && n == count && readFully(new byte[1], 1) != 0) {
                throw trailing(count, what, promised);
            }
            return data;
        }

        private InvalidInputException trailing(int count, String what, long promised) {
            return new InvalidInputException(path + ": more data after the " + count + " " + what
                    + " the header promises (" + promised + " bytes" + afterDecompression()
                    + "), expected the file to end there");
        }

        private InvalidInputException truncated(int count, String what, long promised, long found) {
            return new InvalidInputException(path + ": truncated, the header promises " + count
                    + " " + what + " (" + promised + " bytes" + afterDecompression()
                    + ") but the file has " + found + " bytes");
        }

        private String afterDecompression() {
            return gzipped ? " after decompression" : "";
        }

        /** Bulk read (never byte by byte); fewer than {@code bytes} only at end of file. */
        private int readFully(byte[] buffer, int bytes) {
            try {
                return in.readNBytes(buffer, 0, bytes);
            } catch (IOException e) {
                // A cut-off .gz fails inside the inflater, whose message does not say so plainly.
                String hint = gzipped ? "corrupt or truncated gzip data (" + e.getMessage() + ")"
                        : String.valueOf(e.getMessage());
                throw new InvalidInputException("cannot read " + path + ": " + hint, e);
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Everything needed was read; a failure to release the stream changes nothing.
            }
        }

        private static void closeQuietly(InputStream stream, IOException failure) {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
