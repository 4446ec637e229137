package org.ialam.driver.spark;

import java.util.SplittableRandom;
import org.ialam.driver.data.LabeledData;

/** The Spark tests' data: n samples of 12 inputs uniform in [−0.5, 0.5) and uniform labels of 3 classes. */
final class RandomSamples {
    private RandomSamples() {
    }

    static LabeledData of(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = random.doubles(n * 12L).map(v -> v - 0.5).toArray();
        int[] labels = random.ints(n, 0, 3).toArray();
        return LabeledData.classification(x, 12, labels, new double[] {0, 1, 2}, "random");
    }
}
