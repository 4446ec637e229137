package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The closed form of ialam.md §4.2 against brute-force minimisation of the constrained pair problem.
 *
 * <p>The brute force knows nothing of the four candidates: it scans u on a fine grid, minimises over the feasible
 * v ≥ σ(u) by golden-section search for each u, and refines the best grid points by golden-section search in u.
 * It returns a feasible point, so its objective bounds the true minimum from above: the closed form must be
 * feasible and never worse than it.
 */
class VuPairSolverTest {

    @Test
    void matchesBruteForceOnRandomInstancesAndHitsEveryCase() {
        SplittableRandom random = new SplittableRandom(20231);
        int[] hits = new int[7];
        double[] out = new double[2];
        for (int trial = 0; trial < 3000; trial++) {
            double alpha = trial % 4 == 0 ? 0.0 : random.nextDouble(0.0, 0.95);
            double c = Math.exp(random.nextDouble(-3, 3));
            double r = Math.exp(random.nextDouble(-3, 3));
            double a = 3 * random.nextGaussian();
            double d = 3 * random.nextGaussian();
            double beta = trial % 7 == 0 ? 0.0 : Math.exp(random.nextDouble(-4, 1.5));
            int which = VuPairSolver.solve(c, d, r, a, beta, alpha, out, 0);
            hits[which]++;
            double v = out[0];
            double u = out[1];
            assertFalse(Double.isNaN(v) || Double.isNaN(u), "NaN at trial " + trial);
            assertTrue(v >= LeakyRelu.apply(u, alpha) - 1e-12, "infeasible at trial " + trial);
            double closed = VuPairSolver.objective(c, d, r, a, beta, alpha, v, u);
            double brute = bruteForceMinimum(c, d, r, a, beta, alpha);
            double scale = 1 + Math.abs(brute);
            assertTrue(closed <= brute + 1e-9 * scale,
                    String.format("trial %d (case %d): closed form %.15g > brute force %.15g "
                            + "(c=%g d=%g r=%g a=%g beta=%g alpha=%g)", trial, which, closed, brute, c, d, r, a, beta, alpha));
            // and the brute force must get close, otherwise the comparison above proves nothing
            assertTrue(brute - closed <= 1e-6 * scale, "brute force too coarse at trial " + trial);
        }
        for (int k = 1; k <= 6; k++) {
            assertTrue(hits[k] > 0, "case " + k + " never won; hits per case: " + java.util.Arrays.toString(hits));
        }
    }

    /**
     * The solver compares three candidates per sign of p; the table of ialam.md §4.2, evaluated literally (all four
     * candidates, v = max(p, σ(u)), the full objective), must reach the same objective value.
     */
    @Test
    void threeCandidatesReachTheValueOfTheFourInTheTable() {
        SplittableRandom random = new SplittableRandom(77);
        double[] out = new double[2];
        for (int trial = 0; trial < 200_000; trial++) {
            double alpha = random.nextDouble(0.001, 0.95);
            double c = Math.exp(random.nextDouble(-6, 6));
            double r = Math.exp(random.nextDouble(-6, 6));
            double beta = trial % 11 == 0 ? 0.0 : Math.exp(random.nextDouble(-6, 3));
            double a = Math.exp(random.nextDouble(-4, 4)) * random.nextGaussian();
            double d = trial % 13 == 0 ? beta : Math.exp(random.nextDouble(-4, 4)) * random.nextGaussian();
            VuPairSolver.solve(c, d, r, a, beta, alpha, out, 0);
            double solved = VuPairSolver.objective(c, d, r, a, beta, alpha, out[0], out[1]);
            double table = tableMinimum(c, d, r, a, beta, alpha);
            assertTrue(out[0] >= LeakyRelu.apply(out[1], alpha), "infeasible at trial " + trial);
            assertEquals(table, solved, 1e-12 * (1 + Math.abs(table)) + 1e-12 * (c * out[0] * out[0] + r * a * a),
                    String.format("trial %d (c=%g d=%g r=%g a=%g beta=%g alpha=%g)", trial, c, d, r, a, beta, alpha));
        }
    }

    /** The four candidates of the §4.2 table, literally, for α &gt; 0: the smallest objective among them. */
    private static double tableMinimum(double c, double d, double r, double a, double beta, double alpha) {
        double p = (d - beta) / c;
        double t = p >= 0 ? p : p / alpha;
        double[] us = {
            Math.min(Math.max(a + beta / r, 0), Math.max(t, 0)),
            Math.min(a + alpha * beta / r, Math.min(0, t)),
            Math.max((d + r * a) / (c + r), Math.max(t, 0)),
            Math.min(Math.max((alpha * d + r * a) / (c * alpha * alpha + r), Math.min(t, 0)), 0)};
        double best = Double.POSITIVE_INFINITY;
        for (double u : us) {
            double v = Math.max(p, LeakyRelu.apply(u, alpha));
            best = Math.min(best, VuPairSolver.objective(c, d, r, a, beta, alpha, v, u));
        }
        return best;
    }

    @Test
    void reluBranchHasNoNaNWhenPIsNegative() {
        double[] out = new double[2];
        // p = (d − β)/c < 0 with α = 0: t = p/α would be −∞·0 trouble
        int which = VuPairSolver.solve(1.0, -2.0, 1.0, -0.5, 0.5, 0.0, out, 0);
        assertTrue(which == 5 || which == 6);
        assertEquals(0.0, out[0], 0.0);
        assertEquals(-0.5, out[1], 1e-15);
    }

    @Test
    void exactPenaltyMakesTheConstraintActiveForLargeBeta() {
        // β larger than the pull of d: the minimiser sits on v = σ(u)
        double[] out = new double[2];
        VuPairSolver.solve(2.0, 1.0, 1.0, 0.3, 5.0, 0.1, out, 0);
        assertEquals(LeakyRelu.apply(out[1], 0.1), out[0], 1e-15);
    }

    /** min over u of (min over v ≥ σ(u) of f(v,u)), by grid scan plus golden-section refinement. */
    private static double bruteForceMinimum(double c, double d, double r, double a, double beta, double alpha) {
        // every stationary point of the four pieces lies within |a| + (β + |d|)/r + |d|/c of zero
        double hi = 10 + Math.abs(a) + (beta + Math.abs(d)) / r + Math.abs(d) / c;
        double lo = -hi;
        int grid = 2000;
        double h = (hi - lo) / grid;
        double[] values = new double[grid + 1];
        for (int i = 0; i <= grid; i++) {
            values[i] = innerMinimum(c, d, r, a, beta, alpha, lo + i * h);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= grid; i++) {
            boolean localMin = (i == 0 || values[i] <= values[i - 1]) && (i == grid || values[i] <= values[i + 1]);
            if (localMin) {
                double left = lo + Math.max(i - 1, 0) * h;
                double right = lo + Math.min(i + 1, grid) * h;
                best = Math.min(best, goldenSection(u -> innerMinimum(c, d, r, a, beta, alpha, u), left, right));
                best = Math.min(best, values[i]);
            }
        }
        // the kinks of σ at u = 0 are where piecewise minima can sit exactly
        best = Math.min(best, innerMinimum(c, d, r, a, beta, alpha, 0.0));
        return best;
    }

    private static double innerMinimum(double c, double d, double r, double a, double beta, double alpha, double u) {
        double floor = LeakyRelu.apply(u, alpha);
        double span = 10 + Math.abs(d - beta) / c + Math.abs(floor);
        return goldenSection(v -> VuPairSolver.objective(c, d, r, a, beta, alpha, v, u), floor, floor + span);
    }

    private static double goldenSection(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        final double g = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - g * (hi - lo);
        double x2 = lo + g * (hi - lo);
        double f1 = f.applyAsDouble(x1);
        double f2 = f.applyAsDouble(x2);
        for (int k = 0; k < 200 && hi - lo > 1e-13 * (1 + Math.abs(lo)); k++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = f.applyAsDouble(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = f.applyAsDouble(x2);
            }
        }
        return Math.min(Math.min(f1, f2), Math.min(f.applyAsDouble(lo), f.applyAsDouble(hi)));
    }
}
