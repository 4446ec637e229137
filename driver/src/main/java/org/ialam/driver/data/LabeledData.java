package org.ialam.driver.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An in-memory data set on the driver: dense features and targets of every sample, from which
 * the trainer builds its own distributed blocks.
 *
 * <p>Arrays are sample-major: sample {@code i} has its features at
 * {@code [i * inputDim, (i + 1) * inputDim)} of {@link #features()} and its targets at
 * {@code [i * outputDim, (i + 1) * outputDim)} of {@link #targets()}.
 *
 * <p>Classification data ({@link #isClassification()}) also has a class index per sample in
 * {@link #labels()}, its targets are exactly the one-hot encoding of those indices
 * ({@code outputDim} = number of classes), and {@link #classValues()} gives the original label
 * value of each class index (0..9 for MNIST; the sorted distinct labels of a LIBSVM file, so
 * class {@code k} stands for label {@code classValues()[k]}). Regression data has
 * {@code labels()} and {@code classValues()} null.
 *
 * <p>Immutable by contract rather than by copying: a data set such as MNIST takes hundreds of
 * megabytes, so the constructor takes ownership of the arrays it is given and the accessors
 * return them without copying. Neither the creator nor the callers may modify them.
 */
public final class LabeledData implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int size;
    private final int inputDim;
    private final int outputDim;
    private final double[] features;
    private final double[] targets;
    private final int[] labels;
    private final double[] classValues;
    private final String description;

    /**
     * Takes ownership of the arrays and validates them.
     *
     * @param features    sample-major, {@code size * inputDim} finite values
     * @param inputDim    features per sample, at least 1
     * @param targets     sample-major, {@code size * outputDim} finite values; for classification
     *                    the one-hot encoding of {@code labels}
     * @param outputDim   targets per sample, at least 1
     * @param labels      class index per sample in {@code 0..outputDim-1}, or null for regression
     * @param classValues original label value of each class index ({@code outputDim} values), or
     *                    null for regression; null exactly when {@code labels} is null
     * @param description where the data came from, used in messages, e.g.
     *                    {@code MNIST train (60000 of 60000 images) from DIR}
     * @throws IllegalArgumentException if the array lengths or dimensions do not fit together, or
     *                                  classification targets are not one-hot of the labels (a
     *                                  bug in the caller, not bad data)
     * @throws InvalidInputException    if a feature or target is NaN or infinite, or a label is out
     *                                  of range
     */
    public LabeledData(double[] features, int inputDim, double[] targets, int outputDim,
                       int[] labels, double[] classValues, String description) {
        if (description == null) {
            throw new IllegalArgumentException("description is null");
        }
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException(description + ": inputDim " + inputDim
                    + " and outputDim " + outputDim + " must both be at least 1");
        }
        if (features.length % inputDim != 0) {
            throw new IllegalArgumentException(description + ": " + features.length
                    + " feature values are not a whole number of samples of inputDim " + inputDim);
        }
        int n = features.length / inputDim;
        if (targets.length != (long) n * outputDim) {
            throw new IllegalArgumentException(description + ": " + targets.length
                    + " target values, expected " + n + " samples x outputDim " + outputDim);
        }
        if ((labels == null) != (classValues == null)) {
            throw new IllegalArgumentException(description
                    + ": labels and classValues must both be given (classification) or both be null");
        }
        this.size = n;
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.features = features;
        this.targets = targets;
        this.labels = labels;
        this.classValues = classValues;
        this.description = description;
        requireFinite(features, inputDim, "feature");
        requireFinite(targets, outputDim, "target");
        if (labels != null) {
            requireOneHotOfLabels();
        }
    }

    /**
     * Classification data with one-hot targets built from {@code labels}.
     *
     * @param classValues original label value of each class; its length is the number of classes
     */
    public static LabeledData classification(double[] features, int inputDim, int[] labels,
                                             double[] classValues, String description) {
        int classes = classValues.length;
        double[] oneHot = new double[Math.multiplyExact(labels.length, classes)];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new InvalidInputException(description + ": class index of sample " + i
                        + " is " + label + ", expected 0.." + (classes - 1));
            }
            oneHot[i * classes + label] = 1.0;
        }
        return new LabeledData(features, inputDim, oneHot, classes, labels, classValues,
                description);
    }

    /** Regression data: {@code outputDim} real-valued targets per sample and no labels. */
    public static LabeledData regression(double[] features, int inputDim, double[] targets,
                                         int outputDim, String description) {
        return new LabeledData(features, inputDim, targets, outputDim, null, null, description);
    }

    private void requireFinite(double[] values, int perSample, String what) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new InvalidInputException(description + ": " + what + " " + (k % perSample)
                        + " of sample " + (k / perSample) + " (both 0-based) is " + values[k]
                        + ", expected a finite number");
            }
        }
    }

    private void requireOneHotOfLabels() {
        if (labels.length != size || classValues.length != outputDim) {
            throw new IllegalArgumentException(description + ": " + labels.length + " labels and "
                    + classValues.length + " class values, expected " + size + " and " + outputDim);
        }
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0 || labels[i] >= outputDim) {
                throw new InvalidInputException(description + ": class index of sample " + i
                        + " is " + labels[i] + ", expected 0.." + (outputDim - 1));
            }
            for (int k = 0; k < outputDim; k++) {
                double expected = k == labels[i] ? 1.0 : 0.0;
                if (targets[i * outputDim + k] != expected) {
                    throw new IllegalArgumentException(description + ": target " + k
                            + " of sample " + i + " is " + targets[i * outputDim + k]
                            + ", expected the one-hot encoding of label " + labels[i]);
                }
            }
        }
    }

    /** The first {@code n} samples, or this data set itself if it has no more than {@code n}. */
    public LabeledData head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("head(" + n + "): n must be non-negative");
        }
        if (n >= size) {
            return this;
        }
        return new LabeledData(
                Arrays.copyOf(features, n * inputDim), inputDim,
                Arrays.copyOf(targets, n * outputDim), outputDim,
                labels == null ? null : Arrays.copyOf(labels, n),
                classValues,
                description + ", first " + n + " samples");
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Features per sample. */
    public int inputDim() {
        return inputDim;
    }

    /** Targets per sample; the number of classes for classification. */
    public int outputDim() {
        return outputDim;
    }

    /** Sample-major features, {@code size() * inputDim()} values; do not modify. */
    public double[] features() {
        return features;
    }

    /** Sample-major targets, {@code size() * outputDim()} values, one-hot for classification; do not modify. */
    public double[] targets() {
        return targets;
    }

    /** Class index per sample for classification, null for regression; do not modify. */
    public int[] labels() {
        return labels;
    }

    /**
     * Original label value of each class index for classification (sorted ascending for the
     * readers in this package), null for regression; do not modify.
     */
    public double[] classValues() {
        return classValues;
    }

    /** Whether the samples carry class labels (one-hot targets) rather than regression targets. */
    public boolean isClassification() {
        return labels != null;
    }

    /** Where the data came from, for messages and logs. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description + " [" + size + " samples, " + inputDim + " inputs, " + outputDim
                + (isClassification() ? " classes]" : " outputs]");
    }
}
