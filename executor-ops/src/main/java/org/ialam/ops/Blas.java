package org.ialam.ops;

/**
 * The few BLAS products the kernels need, on column-major arrays, through {@code dev.ludovic.netlib} — the BLAS
 * layer Spark itself uses, which is native OpenBLAS when the machine has {@code libblas.so.3} and a pure Java
 * implementation otherwise ({@link #implementation()} says which).
 */
public final class Blas {
    private static final dev.ludovic.netlib.blas.BLAS BLAS = dev.ludovic.netlib.blas.BLAS.getInstance();

    /** What {@link #kernels()} says for the Java BLAS. */
    public static final String NO_KERNELS = "none";

    private Blas() {
    }

    /** Class name of the BLAS implementation in use, e.g. {@code dev.ludovic.netlib.blas.JNIBLAS} for native. */
    public static String implementation() {
        return BLAS.getClass().getName();
    }

    /**
     * Which of native OpenBLAS's kernels were asked for: {@code OPENBLAS_CORETYPE=X} (the launchers set it on Intel
     * CPUs, scripts/openblas-core.sh), or {@code OPENBLAS_CORETYPE unset} (OpenBLAS chooses); {@value #NO_KERNELS} for
     * the Java BLAS, which has none to choose. OpenBLAS reads the variable once, when it is loaded, and the environment
     * cannot change after the JVM starts.
     */
    public static String kernels() {
        if (!(BLAS instanceof dev.ludovic.netlib.blas.NativeBLAS)) {
            return NO_KERNELS;
        }
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        return coreType == null || coreType.isEmpty() ? "OPENBLAS_CORETYPE unset" : "OPENBLAS_CORETYPE=" + coreType;
    }

    /** out = W a + b for every column a of {@code in} (k × n): one layer's affine map, W̃ = [W b] is m × (k+1). */
    public static void affine(double[] augmented, int m, int k, double[] in, int n, double[] out) {
        int biasOffset = m * k;
        for (int s = 0; s < n; s++) {
            System.arraycopy(augmented, biasOffset, out, s * m, m);
        }
        BLAS.dgemm("N", "N", m, n, k, 1.0, augmented, m, in, k, 1.0, out, m);
    }

    /** out = Wᵀ g (k × n) for g (m × n), W the first m·k entries of W̃. */
    public static void transposeTimes(double[] augmented, int m, int k, double[] g, int n, double[] out) {
        BLAS.dgemm("T", "N", k, n, m, 1.0, augmented, m, g, m, 0.0, out, k);
    }

    /** c (m × n) += a b with a (m × k), b (k × n). */
    public static void multiplyAdd(double[] a, int m, int k, double[] b, int n, double[] c) {
        BLAS.dgemm("N", "N", m, n, k, 1.0, a, m, b, k, 1.0, c, m);
    }

    /** c (m × k) = a bᵀ with a (m × n), b (k × n); c's first m·k entries are overwritten. */
    public static void multiplyTransposed(double[] a, int m, double[] b, int k, int n, double[] c) {
        BLAS.dgemm("N", "T", m, k, n, 1.0, a, m, b, k, 0.0, c, m);
    }

    /** c (m × k) += a bᵀ with a (m × n), b (k × n). */
    public static void addOuter(double[] a, int m, double[] b, int k, int n, double[] c) {
        BLAS.dgemm("N", "T", m, k, n, 1.0, a, m, b, k, 1.0, c, m);
    }

    /** Upper triangle of c (k × k, leading dimension ldc) += a aᵀ with a (k × n). */
    public static void addGramUpper(double[] a, int k, int n, double[] c, int ldc) {
        BLAS.dsyrk("U", "N", k, n, 1.0, a, k, 1.0, c, ldc);
    }
}
