package org.ialam.ops;

import java.util.SplittableRandom;

/** Small random networks, blocks and feasible states for kernel tests. */
final class RandomProblem {
    final NetworkShape shape;
    final NetworkWeights weights;
    final SampleBlock block;
    final double alpha;
    final SplittableRandom random;

    /**
     * @param sparseInputs x with about four fifths zeros, its first sample and first feature all zero, so that
     *                     the block stores it as {@link SparseInputs}; else dense Gaussian x ({@link DenseInputs})
     */
    RandomProblem(long seed, double alpha, boolean sparseInputs, int n, int... widths) {
        this.random = new SplittableRandom(seed);
        this.alpha = alpha;
        this.shape = new NetworkShape(widths);
        this.weights = randomWeights(0.5);
        int in = shape.inputs();
        int out = shape.outputs();
        double[] x = gaussian(in * n, 1.0);
        if (sparseInputs) {
            for (int i = 0; i < x.length; i++) {
                if (i < in || i % in == 0 || random.nextDouble() < 0.8) {
                    x[i] = 0;
                }
            }
        }
        double[] y = new double[out * n];
        int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            labels[s] = random.nextInt(out);
            y[s * out + labels[s]] = 1.0;
        }
        this.block = new SampleBlock(0, n, in, out, x, y, labels);
        if (block.x() instanceof SparseInputs != sparseInputs) {
            throw new IllegalStateException("the block did not choose the intended form of x");
        }
    }

    NetworkWeights randomWeights(double scale) {
        double[][] w = new double[shape.layers()][];
        for (int l = 1; l <= shape.layers(); l++) {
            w[l - 1] = gaussian(shape.width(l) * (shape.width(l - 1) + 1), scale);
        }
        return new NetworkWeights(shape, w);
    }

    /** A feasible state (v ≥ σ(u)) away from the forward pass, with non-zero multipliers. */
    BlockState randomFeasibleState() {
        int layers = shape.layers();
        int n = block.size();
        double[][] u = new double[layers][];
        double[][] v = new double[layers][];
        double[][] xi = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            int size = shape.width(l) * n;
            u[l - 1] = gaussian(size, 1.0);
            v[l - 1] = new double[size];
            for (int i = 0; i < size; i++) {
                v[l - 1][i] = LeakyRelu.apply(u[l - 1][i], alpha) + (random.nextBoolean() ? 0 : random.nextDouble());
            }
            xi[l - 1] = gaussian(size, 0.1);
        }
        return new BlockState(u, v, xi, StepTotals.ZERO);
    }

    double[] gaussian(int size, double scale) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = scale * random.nextGaussian();
        }
        return a;
    }

    /** Column s of the column-major m × n matrix a. */
    static double[] column(double[] a, int m, int s) {
        double[] c = new double[m];
        System.arraycopy(a, s * m, c, 0, m);
        return c;
    }

    /** W_l x + b_l for one sample, by plain loops. */
    static double[] affine(NetworkWeights w, int l, double[] x) {
        int m = w.shape().width(l);
        int k = w.shape().width(l - 1);
        double[] a = w.augmented(l);
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = a[w.biasOffset(l) + i];
            for (int j = 0; j < k; j++) {
                sum += a[j * m + i] * x[j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** ||W_l||₂ by many power iterations on WᵀW (test-side, independent of the driver's method). */
    static double spectralNorm(NetworkWeights w, int l) {
        int m = w.shape().width(l);
        int k = w.shape().width(l - 1);
        double[] a = w.augmented(l);
        double[] x = new double[k];
        java.util.Arrays.fill(x, 1.0);
        double lambda = 0;
        for (int it = 0; it < 5000; it++) {
            double[] y = new double[m];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    y[i] += a[j * m + i] * x[j];
                }
            }
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    z[j] += a[j * m + i] * y[i];
                }
            }
            double norm = 0;
            for (double t : z) {
                norm += t * t;
            }
            norm = Math.sqrt(norm);
            lambda = norm;
            for (int j = 0; j < k; j++) {
                x[j] = z[j] / norm;
            }
        }
        return Math.sqrt(lambda);
    }
}
