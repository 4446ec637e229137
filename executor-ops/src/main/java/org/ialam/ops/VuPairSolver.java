package org.ialam.ops;

/**
 * Closed-form minimiser of one scalar (v,u) pair of the (v,u) step (ialam.md §4.2):
 *
 * <pre>
 *   min_{v,u}  (c/2) v² − d v + (r/2)(u − a)² + β (v − σ(u))   s.t.  v ≥ σ(u),
 * </pre>
 *
 * with c, r &gt; 0, β ≥ 0 and σ(u) = max(u, αu), 0 ≤ α &lt; 1.
 *
 * <p>For fixed u the best v is max(σ(u), p) with p = (d − β)/c, and σ(t) = p for t = p (p ≥ 0) or p/α (p &lt; 0).
 * Splitting the u axis at 0 and at t leaves four one-dimensional quadratics whose clipped minimisers are the
 * candidates A1–A4 of the table in §4.2; the smallest objective wins, ties going to the first. For α = 0 and
 * p &lt; 0 no t exists ({@code σ(u) = p < 0} has no solution): then v = σ(u) everywhere and the minimiser is the
 * better of u = min(a, 0), v = 0 and u = max((d + ra)/(c + r), 0), v = u (§7). That branch is taken explicitly
 * so that no division by zero and no NaN can arise.
 *
 * <p>One instance holds a layer's shared coefficients (c, r, β, α) and their reciprocals, so that solving a pair
 * costs no division: the (v,u) step solves one pair per coordinate of every sample, and the divisions were a
 * large part of that.
 *
 * <p>The candidates' optimality is checked against brute-force minimisation in {@code VuPairSolverTest}.
 */
public final class VuPairSolver {
    private final double c;
    private final double r;
    private final double beta;
    private final double alpha;
    // Everything that depends only on (c, r, β, α), which one layer's pairs share: no division is left per pair.
    private final double inverseC;
    private final double inverseAlpha;
    private final double betaOverR;
    private final double alphaBetaOverR;
    private final double inverseCPlusR;
    private final double inverseAlphaSquaredCPlusR;

    /** The pair problem of one layer: c, r &gt; 0, β ≥ 0, 0 ≤ α &lt; 1 are the same for all its coordinates. */
    public VuPairSolver(double c, double r, double beta, double alpha) {
        this.c = c;
        this.r = r;
        this.beta = beta;
        this.alpha = alpha;
        inverseC = 1 / c;
        inverseAlpha = alpha > 0 ? 1 / alpha : Double.NaN; // α = 0 with p < 0 takes its own branch
        betaOverR = beta / r;
        alphaBetaOverR = alpha * beta / r;
        inverseCPlusR = 1 / (c + r);
        inverseAlphaSquaredCPlusR = 1 / (c * alpha * alpha + r);
    }

    /** The objective of the pair problem (without the constraint). */
    public static double objective(double c, double d, double r, double a, double beta, double alpha, double v, double u) {
        double du = u - a;
        return 0.5 * c * v * v - d * v + 0.5 * r * du * du + beta * (v - LeakyRelu.apply(u, alpha));
    }

    /** {@link #solve(double, double, double[], int)} for a single pair. */
    public static int solve(double c, double d, double r, double a, double beta, double alpha, double[] out, int offset) {
        return new VuPairSolver(c, r, beta, alpha).solve(d, a, out, offset);
    }

    /**
     * Solves the pair problem with linear coefficient d and centre a, and writes the minimiser into
     * {@code out[offset] = v}, {@code out[offset + 1] = u}.
     *
     * @return the index (1–4) of the winning candidate of the §4.2 table, or 5 / 6 for the two candidates of the
     *     α = 0, p &lt; 0 branch; used by tests to check that every case is exercised
     */
    public int solve(double d, double a, double[] out, int offset) {
        double p = (d - beta) * inverseC;
        if (p < 0 && alpha == 0) {
            return solveReluNegativeP(d, a, out, offset);
        }
        double t = p >= 0 ? p : p * inverseAlpha;
        double tPos = Math.max(t, 0);
        double tNeg = Math.min(t, 0);

        // A1: u in [0, max(t,0)], v = p (the region σ(u) ≤ p on the positive side), u-part (r/2)(u−a)² − βu.
        double u1 = clip(a + betaOverR, 0, tPos);
        double v1 = Math.max(p, LeakyRelu.apply(u1, alpha));
        // A2: u ≤ min(0,t), v = p, u-part (r/2)(u−a)² − αβu.
        double u2 = Math.min(a + alphaBetaOverR, tNeg);
        double v2 = Math.max(p, LeakyRelu.apply(u2, alpha));
        // A3: u ≥ max(t,0), v = u: (c/2)u² − du + (r/2)(u−a)².
        double u3 = Math.max((d + r * a) * inverseCPlusR, tPos);
        double v3 = Math.max(p, u3);
        // A4: u in [min(t,0), 0], v = αu: (c/2)α²u² − dαu + (r/2)(u−a)².
        double u4 = clip((alpha * d + r * a) * inverseAlphaSquaredCPlusR, tNeg, 0);
        double v4 = Math.max(p, alpha * u4);

        int best = 1;
        double bestV = v1;
        double bestU = u1;
        double bestF = objective(d, a, v1, u1);
        double f2 = objective(d, a, v2, u2);
        if (f2 < bestF) {
            best = 2;
            bestF = f2;
            bestV = v2;
            bestU = u2;
        }
        double f3 = objective(d, a, v3, u3);
        if (f3 < bestF) {
            best = 3;
            bestF = f3;
            bestV = v3;
            bestU = u3;
        }
        double f4 = objective(d, a, v4, u4);
        if (f4 < bestF) {
            best = 4;
            bestV = v4;
            bestU = u4;
        }
        out[offset] = bestV;
        out[offset + 1] = bestU;
        return best;
    }

    private double objective(double d, double a, double v, double u) {
        return objective(c, d, r, a, beta, alpha, v, u);
    }

    /** α = 0 and p &lt; 0: the constraint is active everywhere, v = max(u, 0) (ialam.md §7). */
    private int solveReluNegativeP(double d, double a, double[] out, int offset) {
        double uNeg = Math.min(a, 0);
        double fNeg = objective(d, a, 0, uNeg);
        double uPos = Math.max((d + r * a) * inverseCPlusR, 0);
        double fPos = objective(d, a, uPos, uPos);
        if (fNeg <= fPos) {
            out[offset] = 0;
            out[offset + 1] = uNeg;
            return 5;
        }
        out[offset] = uPos;
        out[offset + 1] = uPos;
        return 6;
    }

    private static double clip(double x, double lo, double hi) {
        return Math.min(Math.max(x, lo), hi);
    }
}
