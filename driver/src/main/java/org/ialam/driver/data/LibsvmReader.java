package org.ialam.driver.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.SparseVector;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.mllib.util.MLUtils;

/**
 * Reads a LIBSVM / SVMlight text file ({@code label index:value index:value ...}, indices
 * one-based and ascending) with Spark MLlib's {@link MLUtils#loadLibSVMFile} and collects it to the
 * driver as dense {@link LabeledData}; the trainer builds its own blocks from there.
 *
 * <p>MLlib reports a malformed line as a task failure with a stack trace, so the input is first
 * scanned here through the Hadoop file system with MLlib's own parsing rules (lines trimmed, empty
 * lines and lines starting with {@code #} skipped, fields separated by single spaces), and every
 * problem becomes an {@link InvalidInputException} naming the file and line number: an unparsable
 * label or feature, a NaN or infinite value, an index below 1 or not ascending, or an index above
 * the requested number of features. The scan also infers the number of features, which saves
 * MLlib a pass. {@code path} may be anything {@code SparkContext.textFile} accepts: a file, a
 * directory of part files, a glob; compressed files are read through Hadoop's codecs as Spark does.
 *
 * <p>Labels: if every label is an integer the data is classification; the sorted distinct label
 * values become class indices 0..K-1 (so {-1, +1} gives {0, 1} and {1, 2, 3} gives {0, 1, 2}),
 * targets are one-hot of width K, and {@link LabeledData#classValues()} holds the sorted original
 * values. Otherwise it is regression with the label as the single target. Note that a regression
 * file whose targets all happen to be integers is therefore read as classification. A test file
 * is read with {@link #readMatching} so that it gets the training set's dimension and classes.
 */
public final class LibsvmReader {

    private LibsvmReader() {
    }

    /**
     * Reads, validates and collects a LIBSVM file, inferring from its labels whether it is
     * classification or regression.
     *
     * @param sc          the Spark context that reads the file
     * @param path        file, directory or glob in any Hadoop file system; without a scheme it
     *                    resolves against {@code fs.defaultFS} of {@code conf}
     * @param numFeatures input dimension; 0 or negative infers it as the largest index in the data
     * @param conf        Hadoop configuration for the validating scan, normally
     *                    {@code sc.hadoopConfiguration()}
     */
    public static LabeledData read(JavaSparkContext sc, String path, int numFeatures,
                                   Configuration conf) {
        return read(sc, path, numFeatures, null, conf);
    }

    /**
     * Reads a file, typically a test set, so that it matches {@code training}: the same input
     * dimension, and the same class indices for the same label values (a label not among
     * {@code training.classValues()} is rejected), or regression if {@code training} is regression.
     * Reading it with {@link #read(JavaSparkContext, String, int, Configuration)} instead would
     * number the classes by the labels this file happens to contain.
     */
    public static LabeledData readMatching(JavaSparkContext sc, String path, LabeledData training,
                                           Configuration conf) {
        return read(sc, path, training.inputDim(), training, conf);
    }

    /** {@code like}: the data set whose dimension and classes to match, or null to infer them. */
    private static LabeledData read(JavaSparkContext sc, String path, int numFeatures,
                                    LabeledData like, Configuration conf) {
        Path pattern = new Path(path);
        String qualified;
        List<Path> files;
        FileSystem fs;
        try {
            fs = pattern.getFileSystem(conf);
            qualified = fs.makeQualified(pattern).toString();
            files = inputFiles(fs, pattern);
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(path, e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(qualified + ": LIBSVM input does not exist"
                    + " (or is an empty directory)");
        }
        double[] classes = like == null ? null : like.classValues();
        CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
        int maxIndex = 0;
        long samples = 0;
        for (Path file : files) {
            Scan scan = scan(fs, codecs, file, numFeatures, like != null ? "the training data's" : "the given", classes);
            maxIndex = Math.max(maxIndex, scan.maxIndex);
            samples += scan.samples;
        }
        if (samples == 0) {
            throw new InvalidInputException(qualified
                    + ": no samples, expected lines of the form 'label index:value ...'");
        }
        int inputDim = numFeatures > 0 ? numFeatures : maxIndex;
        if (inputDim == 0) {
            throw new InvalidInputException(qualified + ": no features on any line, expected at"
                    + " least one index:value pair (or give the number of features)");
        }
        if (samples * inputDim > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(qualified + ": " + samples + " samples x " + inputDim
                    + " features do not fit in one dense array, expected at most "
                    + (Integer.MAX_VALUE - 8) + " values");
        }

        List<LabeledPoint> points =
                MLUtils.loadLibSVMFile(sc.sc(), qualified, inputDim).toJavaRDD().collect();
        return toLabeledData(points, inputDim, like, "LIBSVM " + qualified);
    }

    /** What Spark's textFile reads for a path: matching files, and the visible files of directories. */
    private static List<Path> inputFiles(FileSystem fs, Path pattern) throws IOException {
        List<Path> files = new ArrayList<>();
        FileStatus[] matches = fs.globStatus(pattern);
        if (matches == null) {
            return files;
        }
        for (FileStatus match : matches) {
            if (match.isDirectory()) {
                for (FileStatus child : fs.listStatus(match.getPath(), LibsvmReader::visible)) {
                    if (child.isFile()) {
                        files.add(child.getPath());
                    }
                }
            } else {
                files.add(match.getPath());
            }
        }
        return files;
    }

    /** Hadoop's FileInputFormat skips these (e.g. _SUCCESS, .crc files). */
    private static boolean visible(Path p) {
        return !p.getName().startsWith("_") && !p.getName().startsWith(".");
    }

    private record Scan(long samples, int maxIndex) {
    }

    private static Scan scan(FileSystem fs, CompressionCodecFactory codecs, Path file,
                             int numFeatures, String featuresOf, double[] classes) {
        long samples = 0;
        int maxIndex = 0;
        long lineNumber = 0;
        try (InputStream raw = fs.open(file)) {
            CompressionCodec codec = codecs.getCodec(file);
            InputStream in = codec == null ? raw : codec.createInputStream(raw);
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String trimmed = line.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                maxIndex = Math.max(maxIndex,
                        checkLine(trimmed, file + ":" + lineNumber, numFeatures, featuresOf, classes));
                samples++;
            }
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(file, e);
        }
        return new Scan(samples, maxIndex);
    }

    /**
     * Checks one trimmed, non-comment line exactly as MLlib will split it, and returns its largest
     * feature index (0 if it has none).
     *
     * @param featuresOf whose number {@code numFeatures} is, for the message ("the training data's")
     * @param classes    the allowed label values, or null for any
     */
    private static int checkLine(String line, String where, int numFeatures, String featuresOf, double[] classes) {
        if (line.indexOf('\t') >= 0) {
            throw new InvalidInputException(where + ": tab character found, expected fields"
                    + " separated by spaces (Spark MLlib splits LIBSVM lines on spaces only)");
        }
        String[] fields = line.split(" ");
        double label = number(fields[0], where, "label");
        if (!Double.isFinite(label)) {
            throw new InvalidInputException(where + ": label is " + fields[0]
                    + ", expected a finite number");
        }
        if (classes != null && classIndex(classes, label) < 0) {
            throw new InvalidInputException(where + ": label is " + fields[0]
                    + ", expected one of the training classes " + format(classes));
        }
        int previous = 0;
        for (int f = 1; f < fields.length; f++) {
            String field = fields[f];
            if (field.isEmpty()) {
                continue; // repeated spaces, which MLlib skips as well
            }
            String[] indexAndValue = field.split(":", -1);
            if (indexAndValue.length != 2) {
                throw new InvalidInputException(where + ": field '" + field
                        + "' is not of the form index:value");
            }
            int index;
            try {
                index = Integer.parseInt(indexAndValue[0]);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(where + ": feature index '" + indexAndValue[0]
                        + "' in '" + field + "' is not an integer");
            }
            if (index < 1) {
                throw new InvalidInputException(where + ": feature index is " + index
                        + ", expected one-based indices (at least 1)");
            }
            if (index <= previous) {
                throw new InvalidInputException(where + ": feature index " + index + " follows "
                        + previous + ", expected strictly ascending indices");
            }
            if (numFeatures > 0 && index > numFeatures) {
                throw new InvalidInputException(where + ": feature index is " + index
                        + ", expected at most " + featuresOf + " " + numFeatures + " features");
            }
            double value = number(indexAndValue[1], where, "value of feature " + index);
            if (!Double.isFinite(value)) {
                throw new InvalidInputException(where + ": value of feature " + index + " is "
                        + indexAndValue[1] + ", expected a finite number");
            }
            previous = index;
        }
        return previous;
    }

    private static double number(String text, String where, String what) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(where + ": " + what + " '" + text
                    + "' is not a number");
        }
    }

    /** Dense data from MLlib's points; classes inferred from the labels unless {@code like} fixes them. */
    private static LabeledData toLabeledData(List<LabeledPoint> points, int inputDim,
                                             LabeledData like, String description) {
        int n = points.size();
        double[] features = new double[n * inputDim];
        double[] labelValues = new double[n];
        boolean integral = true;
        for (int i = 0; i < n; i++) {
            LabeledPoint point = points.get(i);
            labelValues[i] = point.label() + 0.0; // -0 and 0 are one class
            integral &= labelValues[i] == Math.rint(labelValues[i]);
            Vector x = point.features();
            if (x instanceof SparseVector sparse) {
                int[] indices = sparse.indices();
                double[] values = sparse.values();
                for (int k = 0; k < indices.length; k++) {
                    features[i * inputDim + indices[k]] = values[k];
                }
            } else {
                System.arraycopy(x.toArray(), 0, features, i * inputDim, inputDim);
            }
        }
        boolean classification = like == null ? integral : like.isClassification();
        if (!classification) {
            return LabeledData.regression(features, inputDim, labelValues, 1,
                    description + " (" + n + " samples, " + inputDim + " features, regression)");
        }
        double[] classValues = like != null ? like.classValues() : distinctSorted(labelValues);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = classIndex(classValues, labelValues[i]);
        }
        return LabeledData.classification(features, inputDim, labels, classValues,
                description + " (" + n + " samples, " + inputDim + " features, "
                        + classValues.length + " classes)");
    }

    private static double[] distinctSorted(double[] values) {
        return Arrays.stream(values).sorted().distinct().toArray();
    }

    /** Index of {@code label} in {@code classValues}, or -1; linear, as there are few classes. */
    private static int classIndex(double[] classValues, double label) {
        for (int k = 0; k < classValues.length; k++) {
            if (classValues[k] == label) {
                return k;
            }
        }
        return -1;
    }

    /** Class values as written in LIBSVM files: integers without a fraction. */
    private static String format(double[] classValues) {
        return Arrays.stream(classValues)
                .mapToObj(v -> v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
