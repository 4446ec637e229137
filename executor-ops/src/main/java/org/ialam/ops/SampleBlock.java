package org.ialam.ops;

import java.io.Serializable;

/**
 * The fixed data of a contiguous run of samples: inputs x_n (N_0 × n, an {@link InputMatrix}: dense or sparse by
 * density) and targets y_n (N_L × n, dense column-major) with one column per sample, the class labels when the task
 * is a classification, and the global index of the first sample (so that results can be traced back to the file
 * order).
 *
 * <p>One block per partition: the per-sample work of the algorithm becomes matrix–matrix products on it.
 * Immutable by convention.
 */
public final class SampleBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int size;
    private final int inputs;
    private final int outputs;
    private final InputMatrix x;
    private final double[] y;
    private final int[] labels;
    private final long firstSample;

    /**
     * @param x inputs, column-major inputs × size (sample-major rows of features are the same layout), stored in the
     *          form {@link InputMatrix#of} chooses
     * @param y targets, column-major outputs × size
     * @param labels class per sample, or null for regression
     */
    public SampleBlock(long firstSample, int size, int inputs, int outputs, double[] x, double[] y, int[] labels) {
        this(firstSample, size, outputs, InputMatrix.of(x, inputs, size), y, labels);
    }

    /** With inputs already in their stored form. */
    public SampleBlock(long firstSample, int size, int outputs, InputMatrix x, double[] y, int[] labels) {
        if (x.columns() != size || y.length != (long) outputs * size || (labels != null && labels.length != size)) {
            throw new IllegalArgumentException("block of " + size + " samples: inconsistent array lengths");
        }
        this.firstSample = firstSample;
        this.size = size;
        this.inputs = x.rows();
        this.outputs = outputs;
        this.x = x;
        this.y = y;
        this.labels = labels;
    }

    public int size() {
        return size;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** x, N_0 × n. */
    public InputMatrix x() {
        return x;
    }

    /** y, column-major N_L × n; do not modify. */
    public double[] y() {
        return y;
    }

    /** Class labels, or null when the targets are not one-hot classes. */
    public int[] labels() {
        return labels;
    }

    public long firstSample() {
        return firstSample;
    }
}
