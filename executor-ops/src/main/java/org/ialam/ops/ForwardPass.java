package org.ialam.ops;

/**
 * The network function F(x) = σ(W_L σ(… σ(W_1 x + b_1) …) + b_L) of ialam.md §1 on a block, and the fit figures
 * of §6 (squared error, correct argmax) computed from it.
 */
public final class ForwardPass {
    private ForwardPass() {
    }

    /** F(x) for every column of x (N_0 × n, dense column-major): returns N_L × n, column-major. */
    public static double[] outputs(NetworkWeights weights, double alpha, double[] x, int n) {
        return outputs(weights, alpha, new DenseInputs(x, weights.shape().inputs(), n));
    }

    /** F(x) for every column of x: returns N_L × n, column-major. */
    public static double[] outputs(NetworkWeights weights, double alpha, InputMatrix x) {
        double[] firstPreActivation = new double[weights.shape().width(1) * x.columns()];
        x.affine(weights.augmented(1), weights.shape().width(1), firstPreActivation);
        return outputsFrom(weights, alpha, firstPreActivation, x.columns());
    }

    /** F(x) from layer 1's pre-activation W_1 x + b_1 (m × n, kept unmodified). */
    static double[] outputsFrom(NetworkWeights weights, double alpha, double[] firstPreActivation, int n) {
        NetworkShape shape = weights.shape();
        double[] activation = firstPreActivation.clone();
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
        return fitOfOutputs(block, outputs(weights, alpha, block.x()));
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
