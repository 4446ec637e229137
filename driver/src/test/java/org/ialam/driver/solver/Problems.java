package org.ialam.driver.solver;

import dev.ludovic.netlib.blas.BLAS;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Test problems built the way the trainer builds them (ialam.md §4.1): a design of N samples
 * {@code a_n = [v_n; 1]}, targets {@code t_n = W* a_n + noise}, {@code G = Σ a_n a_nᵀ}, {@code C = Σ t_n a_nᵀ},
 * and the paper's scaling ρ = 1/N.
 */
final class Problems {
    static final Path MNIST_TRAIN_IMAGES = Path.of("/work/shared/data/mnist/train-images-idx3-ubyte.gz");

    final int m;
    final int p;
    final int samples;
    final double rho;
    final double[] gram;
    final double[] cross;
    /** A = [a_1 … a_N], p×N, and the targets T = [t_1 … t_N], m×N. */
    private final double[] design;
    private final double[] targets;

    private Problems(int m, double[] design, int features, int samples, Random random, double noise) {
        this.m = m;
        this.p = features + 1;
        this.samples = samples;
        this.rho = 1.0 / samples;
        // A: p×N, column n = [v_n; 1]
        double[] a = new double[p * samples];
        for (int n = 0; n < samples; n++) {
            System.arraycopy(design, n * features, a, n * p, features);
            a[n * p + features] = 1;
        }
        double[] target = new double[m * p];
        for (int k = 0; k < target.length; k++) {
            target[k] = random.nextGaussian() / 10;
        }
        double[] t = new double[m * samples];
        BLAS.getInstance().dgemm("N", "N", m, samples, p, 1.0, target, m, a, p, 0.0, t, m);
        for (int k = 0; k < t.length; k++) {
            t[k] += noise * random.nextGaussian();
        }
        this.gram = new double[p * p];
        BLAS.getInstance().dgemm("N", "T", p, p, samples, 1.0, a, p, a, p, 0.0, gram, p);
        this.design = a;
        this.targets = t;
        this.cross = crossOf(t);
    }

    private double[] crossOf(double[] t) {
        double[] c = new double[m * p];
        BLAS.getInstance().dgemm("N", "T", m, p, samples, 1.0, t, m, design, p, 0.0, c, m);
        return c;
    }

    /**
     * C for targets moved by {@code relative} times their spread, as between two inner iterations of the
     * outer loop. Perturbing C itself would not do: C = Σ t_n a_nᵀ must stay consistent with G.
     */
    double[] perturbedCross(double relative, long seed) {
        Random random = new Random(seed);
        double sum = 0;
        for (double v : targets) {
            sum += v * v;
        }
        double spread = Math.sqrt(sum / targets.length);
        double[] t = targets.clone();
        for (int k = 0; k < t.length; k++) {
            t[k] += relative * spread * random.nextGaussian();
        }
        return crossOf(t);
    }

    /** Gaussian features, of which the listed ones are zero in every sample. */
    static Problems gaussian(int m, int features, int samples, int[] zeroFeatures, long seed) {
        Random random = new Random(seed);
        double[] design = new double[samples * features];
        for (int k = 0; k < design.length; k++) {
            design[k] = random.nextGaussian() * (0.2 + random.nextDouble());
        }
        for (int n = 0; n < samples; n++) {
            for (int j : zeroFeatures) {
                design[n * features + j] = 0;
            }
        }
        return new Problems(m, design, features, samples, random, 0.5);
    }

    /**
     * Synthetic 28×28 "pixel" images: ten prototype ink-probability maps, each sample draws one and
     * inks pixels independently with values in [0.3, 1]. Pixels outside a disc (about 15 %) are never
     * inked; ink probability decays towards the disc edge, so column scales spread over orders of
     * magnitude and neighbouring pixels are strongly correlated — MNIST's conditioning in miniature.
     */
    static Problems syntheticPixels(int m, int samples, long seed) {
        Random random = new Random(seed);
        int side = 28;
        int features = side * side;
        double[][] prototypes = new double[10][features];
        for (double[] prototype : prototypes) {
            double cx = 13.5 + 3 * random.nextGaussian();
            double cy = 13.5 + 3 * random.nextGaussian();
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double r = Math.hypot(x - 13.5, y - 13.5);
                    double d = Math.hypot(x - cx, y - cy);
                    prototype[y * side + x] = r > 14.6 ? 0 : 0.6 * Math.exp(-d * d / 40) * Math.exp(-Math.pow(r / 13, 8));
                }
            }
        }
        double[] design = new double[samples * features];
        for (int n = 0; n < samples; n++) {
            double[] prototype = prototypes[random.nextInt(10)];
            for (int j = 0; j < features; j++) {
                if (random.nextDouble() < prototype[j]) {
                    design[n * features + j] = 0.3 + 0.7 * random.nextDouble();
                }
            }
        }
        return new Problems(m, design, features, samples, random, 0.3);
    }

    /** The first {@code samples} MNIST training images, pixels / 255. */
    static Problems mnist(int m, int samples, long seed) throws IOException {
        int features = 28 * 28;
        double[] design = new double[samples * features];
        try (InputStream file = Files.newInputStream(MNIST_TRAIN_IMAGES);
             DataInputStream in = new DataInputStream(new GZIPInputStream(file))) {
            in.readFully(new byte[16]);
            byte[] pixels = new byte[samples * features];
            in.readFully(pixels);
            for (int k = 0; k < pixels.length; k++) {
                design[k] = (pixels[k] & 0xff) / 255.0;
            }
        }
        return new Problems(m, design, features, samples, new Random(seed), 0.3);
    }

    int zeroGramColumns() {
        int zeros = 0;
        for (int j = 0; j < p; j++) {
            if (gram[j * (p + 1)] == 0) {
                zeros++;
            }
        }
        return zeros;
    }
}
