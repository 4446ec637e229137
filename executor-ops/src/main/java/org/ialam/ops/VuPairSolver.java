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
 * <p>Which candidates can win depends on the sign of p only. If p ≥ 0 then t = p: on A1's interval [0, p] and on
 * A2's (−∞, 0] σ(u) ≤ p, so v = p; A3's u ≥ p gives v = u; A4's interval shrinks to u = 0, a point of A1's, which
 * A1 minimises over. If p &lt; 0 then t = p/α &lt; 0: A2's u ≤ t gives σ(u) ≤ p, so v = p; A3's u ≥ 0 gives v = u;
 * A4's u ∈ [t, 0] gives v = αu = σ(u); A1's interval shrinks to u = v = 0, a point of A3's and A4's. So three
 * candidates are compared in each case, with v known in closed form and no σ to evaluate; ties still go to the
 * first in the table's order.
 *
 * <p>One instance holds a layer's shared coefficients (c, r, β, α) and their reciprocals, so that solving a pair
 * costs no division: the (v,u) step solves one pair per coordinate of every sample, and the divisions were a
 * large part of that.
 *
 * <p>The candidates' optimality is checked against brute-force minimisation in {@code VuPairSolverTest}.
 * {@link VectorVuPairLoop} evaluates {@link #solve} on whole vectors; a change of an expression here must be made
 * there too ({@code VuPairLoopTest} compares the two bit for bit).
 */
public final class VuPairSolver {
    // package-private: VectorVuPairLoop evaluates the same expressions from the same constants
    final double c;
    final double r;
    final double beta;
    final double alpha;
    // Everything that depends only on (c, r, β, α), which one layer's pairs share: no division is left per pair.
    final double inverseC;
    final double inverseAlpha;
    final double betaOverR;
    final double alphaBetaOverR;
    final double inverseCPlusR;
    final double inverseAlphaSquaredCPlusR;
    final double halfC;
    final double halfR;
    final double alphaBeta;

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
        halfC = 0.5 * c;
        halfR = 0.5 * r;
        alphaBeta = alpha * beta;
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
     * <p>Only three of the four candidates can win for a given sign of p, and on each of them v is known without
     * evaluating σ (the class comment has why), so each branch below evaluates three reduced objectives:
     * <pre>
     *   p ≥ 0 (t = p):  A1 v = p, u ∈ [0, p];   A2 v = p, u ≤ 0;   A3 v = u ≥ p;   (A4 is u = 0, v = p: inside A1)
     *   p &lt; 0 (t = p/α): A2 v = p, u ≤ t;   A3 v = u ≥ 0;   A4 v = αu, u ∈ [t, 0];   (A1 is u = v = 0: inside A3, A4)
     * </pre>
     *
     * @return the index (1–4) of the winning candidate of the §4.2 table, or 5 / 6 for the two candidates of the
     *     α = 0, p &lt; 0 branch; used by tests to check that every case is exercised
     */
    public int solve(double d, double a, double[] out, int offset) {
        double p = (d - beta) * inverseC;
        if (p >= 0) {
            double u1 = Math.min(Math.max(a + betaOverR, 0), p);
            double u2 = Math.min(a + alphaBetaOverR, 0);
            double u3 = Math.max((d + r * a) * inverseCPlusR, p);
            // objective with v = p: (c/2)p² − dp + βp + (r/2)(u − a)² − βσ(u), σ(u1) = u1, σ(u2) = αu2
            double atP = (halfC * p - d + beta) * p;
            double du1 = u1 - a;
            double f1 = atP + halfR * du1 * du1 - beta * u1;
            double du2 = u2 - a;
            double f2 = atP + halfR * du2 * du2 - alphaBeta * u2;
            double f3 = onDiagonal(d, a, u3);
            if (f2 < f1 && f2 <= f3) {
                return write(out, offset, p, u2, 2);
            }
            return f3 < f1 ? write(out, offset, u3, u3, 3) : write(out, offset, p, u1, 1);
        }
        if (alpha == 0) {
            return solveReluNegativeP(d, a, out, offset);
        }
        double t = p * inverseAlpha;
        double u2 = Math.min(a + alphaBetaOverR, t);
        double u3 = Math.max((d + r * a) * inverseCPlusR, 0);
        double u4 = Math.min(Math.max((alpha * d + r * a) * inverseAlphaSquaredCPlusR, t), 0);
        double du2 = u2 - a;
        double f2 = (halfC * p - d + beta) * p + halfR * du2 * du2 - alphaBeta * u2;
        double f3 = onDiagonal(d, a, u3);
        double v4 = alpha * u4;
        double du4 = u4 - a;
        double f4 = (halfC * v4 - d) * v4 + halfR * du4 * du4; // v = σ(u): the β term vanishes
        if (f2 <= f3 && f2 <= f4) {
            return write(out, offset, p, u2, 2);
        }
        return f4 < f3 ? write(out, offset, v4, u4, 4) : write(out, offset, u3, u3, 3);
    }

    /** The objective at v = u ≥ 0, where σ(u) = u and the β term vanishes: (c/2)u² − du + (r/2)(u − a)². */
    private double onDiagonal(double d, double a, double u) {
        double du = u - a;
        return (halfC * u - d) * u + halfR * du * du;
    }

    private static int write(double[] out, int offset, double v, double u, int candidate) {
        out[offset] = v;
        out[offset + 1] = u;
        return candidate;
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
}
