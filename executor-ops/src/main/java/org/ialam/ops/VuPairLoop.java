package org.ialam.ops;

/**
 * The inner loop of the (v,u) step (ialam.md §4.2): one layer's pairs over a block's contiguous coordinates,
 * <pre>
 *   a_i = u_i − g_i / r,   d_i = dScale · s_i + h_i   (h null: d_i = dScale · s_i),
 *   (v_i⁺, u_i⁺) = the minimiser of {@link VuPairSolver}'s pair problem with (c, r, β, α) and (d_i, a_i),
 * </pre>
 * and the sums Σ ((v⁺ − v)² + (u⁺ − u)²) and Σ (v⁺² + u⁺²) of the inner stopping test (§4.3), accumulated in
 * coordinate order. With s = v^j and h = W_{l+1}ᵀ g_{l+1} (l &lt; L) or s = y and no h (l = L) this is {@link VuStep}'s
 * loop; after the sparse products it was the largest part of a pass (a quarter of the executor threads' samples).
 *
 * <p>Two implementations that give <b>bit-identical</b> results: {@link ScalarVuPairLoop}, which calls
 * {@link VuPairSolver#solve} per pair, and {@link VectorVuPairLoop}, which evaluates both sign branches of the solver
 * on whole vectors with the same operations in the same order and selects lane by lane (no fused multiply-add, the
 * same tie rules), then sums in coordinate order. The scalar solver branches on data (the sign of p and three
 * comparisons) that no predictor learns; the vector loop has no data-dependent branch.
 */
public interface VuPairLoop {

    /**
     * @param pairs   the layer's pair problem
     * @param count   number of coordinates
     * @param uOld    u^j
     * @param vOld    v^j
     * @param g       g_l
     * @param inverseR 1/r, with r the pair problem's u-curvature
     * @param dScale  the factor of s in d
     * @param s       v^j or y
     * @param h       W_{l+1}ᵀ g_{l+1}, or null
     * @param vOut    v⁺ (written)
     * @param uOut    u⁺ (written)
     * @param totals  {change², norm²}: the sums are added to, in coordinate order
     */
    void solve(VuPairSolver pairs, int count, double[] uOld, double[] vOld, double[] g, double inverseR, double dScale,
            double[] s, double[] h, double[] vOut, double[] uOut, double[] totals);

    /** What runs, for logs and the benchmark: e.g. "Vector API, 512-bit" or "scalar Java". */
    String description();

    /** The fastest implementation this JVM can run, chosen once per JVM. */
    static VuPairLoop fastest() {
        return Fastest.INSTANCE;
    }

    /** Holder: the choice is made on first use, not when the interface is loaded. */
    final class Fastest {
        static final VuPairLoop INSTANCE = choose();

        private Fastest() {
        }

        private static VuPairLoop choose() {
            return VectorModule.orFallback(() -> new VectorVuPairLoop(), ScalarVuPairLoop.INSTANCE);
        }
    }
}
