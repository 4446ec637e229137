package org.ialam.driver.train;

import java.util.SplittableRandom;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;

/**
 * Starting weights (ialam.md §5): W_l⁰ with independent Gaussian entries of standard deviation
 * {@code initScale} ({@link IalamConfig.Init#GAUSSIAN}, default 0.1) or 1/N as in the paper
 * ({@link IalamConfig.Init#PAPER}), b⁰ = 0. Deterministic in the seed.
 */
public final class WeightInit {
    private WeightInit() {
    }

    public static NetworkWeights draw(NetworkShape shape, IalamConfig config, long samples) {
        double scale = config.init == IalamConfig.Init.PAPER ? 1.0 / samples : config.initScale;
        SplittableRandom random = new SplittableRandom(config.seed);
        double[][] w = new double[shape.layers()][];
        for (int l = 1; l <= shape.layers(); l++) {
            int m = shape.width(l);
            int k = shape.width(l - 1);
            double[] a = new double[m * (k + 1)];
            for (int i = 0; i < m * k; i++) {
                a[i] = scale * random.nextGaussian();
            }
            w[l - 1] = a;
        }
        return new NetworkWeights(shape, w);
    }
}
