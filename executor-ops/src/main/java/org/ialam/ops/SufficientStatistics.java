package org.ialam.ops;

import java.io.Serializable;

/**
 * Sufficient statistics of the per-layer (W,b) problems (ialam.md §4.1), summed over samples: with
 * a_n = [v_{n,l−1}; 1],
 * <pre>
 *   G_l = Σ_n a_n a_nᵀ        ((N_{l−1}+1)²)
 *   D_l = Σ_n u_{n,l} a_nᵀ    (N_l × (N_{l−1}+1))
 *   E_l = Σ_n ξ_{n,l} a_nᵀ    (N_l × (N_{l−1}+1))
 * </pre>
 * so that C_l = Σ_n t_n a_nᵀ with t_n = u_{n,l} + ξ_{n,l}/ρ is D_l + E_l/ρ for whatever ρ the driver holds. Keeping
 * D and E apart means the multiplier update (which changes ξ and ρ but not u, v) needs only E, and the (v,u) step
 * (which changes u, v but not ξ) never recomputes E_1, whose a_n = [x_n; 1] is fixed. For l ≥ 2 the (v,u) step
 * changes a_n, so D_l and E_l would both need a product with a; it gathers C_l = Σ (u + ξ/ρ) aᵀ at the ρ of the
 * inner loop instead ({@link Request#withTarget}), one product instead of two, and the multiplier update then
 * gathers D_l and E_l again for the next ρ.
 *
 * <p>An aggregator in the style of Spark MLlib's: {@link #add} one block, {@link #merge} partial sums, arrays
 * allocated on first use so that the zero value Spark ships to every task is small. Which statistics of which layer
 * are gathered is fixed by a {@link Request}. All matrices are column-major; G is accumulated in its upper triangle
 * (one {@code dsyrk} per block) and mirrored by {@link #gram(int)}.
 */
public final class SufficientStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which statistics to gather, per layer (index l−1). */
    public static final class Request implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean[] gram;
        final boolean[] uCross;
        final boolean[] xiCross;
        final boolean[] targetCross;
        final double rho;

        public Request(boolean[] gram, boolean[] uCross, boolean[] xiCross) {
            this(gram, uCross, xiCross, new boolean[gram.length], Double.NaN);
        }

        private Request(boolean[] gram, boolean[] uCross, boolean[] xiCross, boolean[] targetCross, double rho) {
            this.gram = gram.clone();
            this.uCross = uCross.clone();
            this.xiCross = xiCross.clone();
            this.targetCross = targetCross.clone();
            this.rho = rho;
        }

        /** As the plain request, plus C_l = Σ (u + ξ/ρ) aᵀ for the layers marked in {@code targetCross}. */
        public static Request withTarget(boolean[] gram, boolean[] uCross, boolean[] xiCross, boolean[] targetCross,
                double rho) {
            if (!(rho > 0)) {
                throw new IllegalArgumentException("rho must be positive, got " + rho);
            }
            return new Request(gram, uCross, xiCross, targetCross, rho);
        }

        /** Every statistic of every layer. */
        public static Request all(int layers) {
            boolean[] yes = filled(layers, true);
            return new Request(yes, yes, yes);
        }

        static boolean[] filled(int layers, boolean value) {
            boolean[] b = new boolean[layers];
            java.util.Arrays.fill(b, value);
            return b;
        }
    }

    private final NetworkShape shape;
    private final Request request;
    private final double[][] gram;
    private final double[][] uCross;
    private final double[][] xiCross;
    private final double[][] targetCross;
    private long count;
    /** t = u + ξ/ρ of one block and layer; reused across the blocks one aggregator sees, never shipped. */
    private transient double[] target;

    public SufficientStatistics(NetworkShape shape, Request request) {
        if (request.gram.length != shape.layers()) {
            throw new IllegalArgumentException("request must name every layer");
        }
        this.shape = shape;
        this.request = request;
        this.gram = new double[shape.layers()][];
        this.uCross = new double[shape.layers()][];
        this.xiCross = new double[shape.layers()][];
        this.targetCross = new double[shape.layers()][];
    }

    public SufficientStatistics add(SampleBlock block, BlockState state) {
        int n = block.size();
        for (int l = 1; l <= shape.layers(); l++) {
            int m = shape.width(l);
            int k = shape.width(l - 1);
            int p = k + 1;
            // a_n = [v_{n,l−1}; 1]: layer 1's v_0 = x goes through the block's InputMatrix (dense or sparse)
            InputMatrix a = l == 1 ? block.x() : new DenseInputs(state.v(l - 1), k, n);
            if (request.gram[l - 1]) {
                double[] g = allocate(gram, l, p * p);
                a.addGramUpper(g, p);
                a.addRowSums(g, k * p);
                g[k * p + k] += n;
            }
            if (request.uCross[l - 1]) {
                addCross(allocate(uCross, l, m * p), state.u(l), m, a, k, n);
            }
            if (request.xiCross[l - 1]) {
                addCross(allocate(xiCross, l, m * p), state.xi(l), m, a, k, n);
            }
            if (request.targetCross[l - 1]) {
                double[] u = state.u(l);
                double[] xi = state.xi(l);
                if (target == null || target.length < m * n) {
                    target = new double[m * n];
                }
                double inverseRho = 1 / request.rho;
                for (int i = 0; i < m * n; i++) {
                    target[i] = u[i] + xi[i] * inverseRho;
                }
                addCross(allocate(targetCross, l, m * p), target, m, a, k, n);
            }
        }
        count += n;
        return this;
    }

    /** sum (m × (k+1)) += t [a; 1]ᵀ summed over the n columns. */
    private static void addCross(double[] sum, double[] t, int m, InputMatrix a, int k, int n) {
        a.addCross(t, m, sum);
        int biasColumn = m * k;
        for (int s = 0; s < n; s++) {
            for (int i = 0, off = s * m; i < m; i++) {
                sum[biasColumn + i] += t[off + i];
            }
        }
    }

    public SufficientStatistics merge(SufficientStatistics other) {
        for (int l = 0; l < shape.layers(); l++) {
            gram[l] = sum(gram[l], other.gram[l]);
            uCross[l] = sum(uCross[l], other.uCross[l]);
            xiCross[l] = sum(xiCross[l], other.xiCross[l]);
            targetCross[l] = sum(targetCross[l], other.targetCross[l]);
        }
        count += other.count;
        return this;
    }

    private static double[] sum(double[] mine, double[] theirs) {
        if (theirs == null) {
            return mine;
        }
        if (mine == null) {
            return theirs.clone();
        }
        for (int i = 0; i < mine.length; i++) {
            mine[i] += theirs[i];
        }
        return mine;
    }

    private static double[] allocate(double[][] slot, int l, int size) {
        if (slot[l - 1] == null) {
            slot[l - 1] = new double[size];
        }
        return slot[l - 1];
    }

    /** Number of samples summed. */
    public long count() {
        return count;
    }

    /** G_l, full and symmetric, (N_{l−1}+1)², a fresh array; null if not requested. */
    public double[] gram(int l) {
        double[] g = gram[l - 1];
        if (g == null) {
            return request.gram[l - 1] ? new double[(shape.width(l - 1) + 1) * (shape.width(l - 1) + 1)] : null;
        }
        int p = shape.width(l - 1) + 1;
        double[] full = g.clone();
        for (int j = 0; j < p; j++) {
            for (int i = j + 1; i < p; i++) {
                full[j * p + i] = full[i * p + j];
            }
        }
        return full;
    }

    /** D_l = Σ u aᵀ; null if not requested. */
    public double[] uCross(int l) {
        return orZeros(uCross[l - 1], request.uCross[l - 1], l);
    }

    /** E_l = Σ ξ aᵀ; null if not requested. */
    public double[] xiCross(int l) {
        return orZeros(xiCross[l - 1], request.xiCross[l - 1], l);
    }

    /** C_l = Σ (u + ξ/ρ) aᵀ at the request's ρ; null if not requested. */
    public double[] targetCross(int l) {
        return orZeros(targetCross[l - 1], request.targetCross[l - 1], l);
    }

    /** The ρ of {@link #targetCross}, NaN when the request has none. */
    public double targetRho() {
        return request.rho;
    }

    private double[] orZeros(double[] value, boolean requested, int l) {
        if (value != null) {
            return value;
        }
        return requested ? new double[shape.width(l) * (shape.width(l - 1) + 1)] : null;
    }
}
