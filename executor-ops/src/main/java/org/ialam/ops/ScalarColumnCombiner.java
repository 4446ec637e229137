package org.ialam.ops;

/**
 * {@link ColumnCombiner} in plain Java: four source columns per pass over the target, so that every target element
 * is loaded and stored once per four multiply-adds.
 */
public final class ScalarColumnCombiner implements ColumnCombiner {
    public static final ScalarColumnCombiner INSTANCE = new ScalarColumnCombiner();

    private ScalarColumnCombiner() {
    }

    @Override
    public void combine(double[] target, int at, int m, double[] source, int from, int to, int[] index,
            double[] weight) {
        int q = from;
        for (; q + 3 < to; q += 4) {
            int c0 = index[q] * m;
            int c1 = index[q + 1] * m;
            int c2 = index[q + 2] * m;
            int c3 = index[q + 3] * m;
            double w0 = weight[q];
            double w1 = weight[q + 1];
            double w2 = weight[q + 2];
            double w3 = weight[q + 3];
            for (int i = 0; i < m; i++) {
                target[at + i] += w0 * source[c0 + i] + w1 * source[c1 + i] + w2 * source[c2 + i] + w3 * source[c3 + i];
            }
        }
        for (; q < to; q++) {
            int c0 = index[q] * m;
            double w0 = weight[q];
            for (int i = 0; i < m; i++) {
                target[at + i] += w0 * source[c0 + i];
            }
        }
    }

    @Override
    public String description() {
        return "scalar Java";
    }
}
