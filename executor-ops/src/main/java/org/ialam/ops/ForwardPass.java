package org.ialam.ops;

/**
 * The network function F(x) = σ(W_L σ(… σ(W_1 x + b_1) …) + b_L) of ialam.md §1 on a block, and the fit figures
 * of §6 (squared error, correct argmax) computed from it.
 */
public final class ForwardPass {
    private ForwardPass() {
    }

    /** F(x) for every column of x (N_0 × n): returns N_L × n, column-major. */
    public static double[] outputs(NetworkWeights weights, double alpha, double[] x, int n) {
        return outputsFrom(weights, alpha, null, x, n);
    }

    /**
     * F(x), starting from a given first-layer pre-activation W_1 x + b_1 when the caller already has it
     * ({@code firstPreActivation}, kept unmodified), else from x.
     */
    static double[] outputsFrom(NetworkWeights weights, double alpha, double[] firstPreActivation, double[] x, int n) {
        NetworkShape shape = weights.shape();
        double[] activation;
        if (firstPreActivation != null) {
            activation = firstPreActivation.clone();
        } else {
            activation = new double[shape.width(1) * n];
            Blas.affine(weights.augmented(1), shape.width(1), shape.inputs(), x, n, activation);
        }
        LeakyRelu.applyInPlace(activation, activation.length, alpha);
        for (int l = 2; l <= shape.layers(); l++) {
            double[] next = new double[shape.width(l) * n];
            Blas.affine(weights.augmented(l), shape.width(l), shape.width(l - 1), activation, n, next);
            LeakyRelu.applyInPlace(next, next.length, alpha);
            activation = next;
        }
        return activation;
    }

    /** Squared error Σ||F(x_n) − y_n||², correct-argmax count (when labels exist) and count, for a block. */
    public static StepTotals fit(SampleBlock block, NetworkWeights weights, double alpha) {
        return fitOfOutputs(block, outputs(weights, alpha, block.x(), block.size()));
    }

    static StepTotals fitOfOutputs(SampleBlock block, double[] out) {
        int m = block.outputs();
        int n = block.size();
        double[] y = block.y();
        double squaredError = 0;
        for (int i = 0; i < m * n; i++) {
            double e = out[i] - y[i];
            squaredError += e * e;
        }
        long correct = 0;
        int[] labels = block.labels();
        if (labels != null) {
            for (int s = 0; s < n; s++) {
                if (argmax(out, s * m, m) == labels[s]) {
                    correct++;
                }
            }
        }
        return new StepTotals(0, 0, 0, 0, 0, squaredError, correct, n);
    }

    /** Index of the largest of values[offset .. offset+length), the first on ties. */
    public static int argmax(double[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
