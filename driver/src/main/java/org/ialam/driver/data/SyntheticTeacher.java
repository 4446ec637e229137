package org.ialam.driver.data;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The paper's synthetic regression data: inputs labelled by a random "teacher" leaky-ReLU network
 * whose first layer ignores some inputs, so a student trained with group sparsity can be checked
 * for recovering exactly those zero input columns.
 *
 * <p>For layer sizes {@code N_0..N_L} the teacher has weights {@code W_l} ({@code N_l x N_{l-1}})
 * with iid N(0, 1) / sqrt(N_{l-1}) entries and biases {@code b_l} with iid N(0, 0.1^2) entries;
 * {@code zeroInputColumns} randomly chosen columns of {@code W_1} are then set exactly to zero.
 * Inputs are iid N(0, 1) and targets are
 * {@code y = F(x) = s(W_L s(... s(W_1 x + b_1) ...) + b_L)} with {@code s(z) = max(z, alpha z)} at
 * every layer, the output layer included.
 *
 * <p>Everything comes from one {@link java.util.Random} seeded with {@code seed}, whose algorithm
 * the Java specification fixes, so a seed gives the same data on every JVM. The teacher is drawn
 * first (weights then biases, layer by layer; then the zero columns), then the inputs sample by
 * sample; hence the teacher does not depend on {@code n}, and a larger {@code n} extends the
 * samples of a smaller one.
 */
public final class SyntheticTeacher {

    private static final double BIAS_STDDEV = 0.1;

    private SyntheticTeacher() {
    }

    /**
     * The generated data and the teacher that labelled it.
     *
     * @param data       {@code n} samples, {@code N_0} inputs, {@code N_L} regression targets,
     *                   labels null
     * @param layerSizes {@code N_0..N_L}
     * @param alpha      leaky-ReLU slope for negative inputs
     * @param weights    {@code weights[l]} is {@code W_{l+1}} ({@code N_{l+1} x N_l}) in
     *                   column-major order: entry (i, j) at {@code [j * N_{l+1} + i]}
     * @param biases     {@code biases[l]} is {@code b_{l+1}} ({@code N_{l+1}} values)
     * @param zeroInput  {@code zeroInput[j]} is true when column j of {@code W_1} is zero, i.e. the
     *                   teacher ignores input j
     */
    public record Result(LabeledData data, int[] layerSizes, double alpha, double[][] weights,
                         double[][] biases, boolean[] zeroInput) {

        /** The teacher's output F(x) for one input of {@code N_0} values. */
        public double[] apply(double[] x) {
            if (x.length != layerSizes[0]) {
                throw new IllegalArgumentException("input has " + x.length + " values, expected "
                        + layerSizes[0]);
            }
            return forward(layerSizes, alpha, weights, biases, x);
        }
    }

    /**
     * Draws a teacher and {@code n} samples labelled by it.
     *
     * @param layerSizes       {@code N_0..N_L}, at least two sizes, each at least 1
     * @param alpha            leaky-ReLU slope in [0, 1]
     * @param zeroInputColumns how many inputs the teacher ignores, 0..N_0
     * @param n                number of samples, at least 1
     * @param seed             seed of the single random stream
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static Result generate(int[] layerSizes, double alpha, int zeroInputColumns, int n,
                                  long seed) {
        validate(layerSizes, alpha, zeroInputColumns, n);
        Random random = new Random(seed);
        int layers = layerSizes.length - 1;
        double[][] weights = new double[layers][];
        double[][] biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int fanIn = layerSizes[l];
            double scale = 1.0 / Math.sqrt(fanIn);
            weights[l] = new double[layerSizes[l + 1] * fanIn];
            for (int k = 0; k < weights[l].length; k++) {
                weights[l][k] = random.nextGaussian() * scale;
            }
            biases[l] = new double[layerSizes[l + 1]];
            for (int i = 0; i < biases[l].length; i++) {
                biases[l][i] = random.nextGaussian() * BIAS_STDDEV;
            }
        }
        boolean[] zeroInput = chooseZeroColumns(layerSizes[0], zeroInputColumns, random);
        int firstRows = layerSizes[1];
        for (int j = 0; j < zeroInput.length; j++) {
            if (zeroInput[j]) {
                Arrays.fill(weights[0], j * firstRows, (j + 1) * firstRows, 0.0);
            }
        }

        int inputDim = layerSizes[0];
        int outputDim = layerSizes[layers];
        double[] features = new double[n * inputDim];
        double[] targets = new double[n * outputDim];
        double[] x = new double[inputDim];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < inputDim; j++) {
                x[j] = random.nextGaussian();
            }
            System.arraycopy(x, 0, features, s * inputDim, inputDim);
            System.arraycopy(forward(layerSizes, alpha, weights, biases, x), 0, targets,
                    s * outputDim, outputDim);
        }
        String description = "synthetic teacher "
                + Arrays.stream(layerSizes).mapToObj(Integer::toString).collect(Collectors.joining("-"))
                + " (alpha " + alpha + ", " + zeroInputColumns + " zero input columns, seed " + seed
                + "), " + n + " samples";
        LabeledData data = LabeledData.regression(features, inputDim, targets, outputDim, description);
        return new Result(data, layerSizes.clone(), alpha, weights, biases, zeroInput);
    }

    /** Column-major W times x as axpy over columns, so each step reads memory contiguously. */
    private static double[] forward(int[] layerSizes, double alpha, double[][] weights,
                                    double[][] biases, double[] x) {
        double[] activation = x;
        for (int l = 0; l < weights.length; l++) {
            int rows = layerSizes[l + 1];
            double[] z = biases[l].clone();
            double[] w = weights[l];
            for (int j = 0; j < activation.length; j++) {
                double xj = activation[j];
                for (int i = 0; i < rows; i++) {
                    z[i] += w[j * rows + i] * xj;
                }
            }
            for (int i = 0; i < rows; i++) {
                z[i] = Math.max(z[i], alpha * z[i]);
            }
            activation = z;
        }
        return activation;
    }

    /** A uniformly random subset of {@code count} of {@code columns}, by a partial Fisher-Yates shuffle. */
    private static boolean[] chooseZeroColumns(int columns, int count, Random random) {
        int[] order = new int[columns];
        for (int j = 0; j < columns; j++) {
            order[j] = j;
        }
        boolean[] chosen = new boolean[columns];
        for (int k = 0; k < count; k++) {
            int pick = k + random.nextInt(columns - k);
            int column = order[pick];
            order[pick] = order[k];
            order[k] = column;
            chosen[column] = true;
        }
        return chosen;
    }

    private static void validate(int[] layerSizes, double alpha, int zeroInputColumns, int n) {
        if (layerSizes.length < 2) {
            throw new IllegalArgumentException("layer sizes " + Arrays.toString(layerSizes)
                    + ": expected at least an input and an output size");
        }
        for (int size : layerSizes) {
            if (size < 1) {
                throw new IllegalArgumentException("layer sizes " + Arrays.toString(layerSizes)
                        + ": every size must be at least 1");
            }
        }
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha is " + alpha + ", expected 0 <= alpha <= 1");
        }
        if (zeroInputColumns < 0 || zeroInputColumns > layerSizes[0]) {
            throw new IllegalArgumentException("zero input columns is " + zeroInputColumns
                    + ", expected 0.." + layerSizes[0] + " (the number of inputs)");
        }
        if (n < 1) {
            throw new IllegalArgumentException("number of samples is " + n + ", expected at least 1");
        }
        long values = (long) n * Math.max(layerSizes[0], layerSizes[layerSizes.length - 1]);
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " samples do not fit in one array");
        }
        for (int l = 1; l < layerSizes.length; l++) {
            if ((long) layerSizes[l] * layerSizes[l - 1] > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("layer " + l + " of " + layerSizes[l] + " x "
                        + layerSizes[l - 1] + " weights does not fit in one array");
            }
        }
    }
}
