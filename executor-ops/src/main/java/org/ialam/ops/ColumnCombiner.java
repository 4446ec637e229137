package org.ialam.ops;

/**
 * The one loop behind both sparse products of {@link SparseInputs}: an output column (m values) plus a weighted sum
 * of source columns,
 * <pre>
 *   target[at .. at+m) += Σ_{q ∈ [from, to)} weight[q] · source[index[q]·m .. index[q]·m + m)
 * </pre>
 * For W x the target is one sample's column of W x and the sources are the columns of W at the sample's non-zero
 * features; for Σ t xᵀ the target is one feature's column and the sources are the t of the samples where the feature
 * is non-zero. On MNIST this loop is most of an inner iteration's time (a profile of the trainer put it at half of the
 * executor threads' samples), which is why it has a SIMD implementation.
 *
 * <p>Two implementations: {@link VectorColumnCombiner} (the JDK's incubating Vector API, about twice as fast here)
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} (the launchers and the tests do, and Spark 4.1
 * adds it to its own driver and executor JVMs), and {@link ScalarColumnCombiner} otherwise.
 */
public interface ColumnCombiner {

    void combine(double[] target, int at, int m, double[] source, int from, int to, int[] index, double[] weight);

    /** What runs, for logs and the benchmark: e.g. "Vector API, 512-bit" or "scalar Java". */
    String description();

    /** The fastest implementation this JVM can run, chosen once per JVM. */
    static ColumnCombiner fastest() {
        return Fastest.INSTANCE;
    }

    /** Holder: the choice is made on first use, not when the interface is loaded. */
    final class Fastest {
        static final ColumnCombiner INSTANCE = choose();

        private Fastest() {
        }

        private static ColumnCombiner choose() {
            return VectorModule.orFallback(() -> new VectorColumnCombiner(), ScalarColumnCombiner.INSTANCE);
        }
    }
}
