package org.ialam.driver.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupLassoSolverTest {

    private static int[] zeroFeatures(String list) {
        return list.isEmpty() ? new int[0] : Arrays.stream(list.split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] zeros(Problems pr) {
        return new double[pr.m * pr.p];
    }

    private static GroupLassoResult solve(GroupLassoSolver solver, Problems pr, double lambda, double[] warmStart) {
        return solver.solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, warmStart);
    }

    private static double objective(Problems pr, double lambda, double[] w) {
        return GroupLassoSolver.objective(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, w);
    }

    /**
     * (1) KKT conditions, checked with an independently computed gradient, from λ = 0 to λ beyond the
     * value at which every weight column vanishes; G = AᵀA with exactly-zero features, ρ = 1/N.
     */
    @ParameterizedTest(name = "m={0}, features={1}, N={2}, zero features [{3}], lambda = {4} x lambdaAllZero")
    @CsvSource({
        "3, 8, 50, '2 5', 0, 1",
        "3, 8, 50, '2 5', 0.05, 2",
        "5, 20, 200, '0 7 13', 0.3, 3",
        "10, 40, 300, '1 2 3 39', 0.7, 4",
        "20, 60, 1000, '10 11', 0.1, 5",
        "4, 10, 100, '9', 1.05, 6",
    })
    void satisfiesTheOptimalityConditions(int m, int features, int samples, String zeroList, double fraction, long seed) {
        Problems pr = Problems.gaussian(m, features, samples, zeroFeatures(zeroList), seed);
        double lambda = fraction * Optimality.lambdaAllZero(pr);
        GroupLassoResult result = solve(new GroupLassoSolver(1e-10, 5000), pr, lambda, zeros(pr));
        double[] w = result.solution();

        assertEquals(GroupLassoStop.CONVERGED, result.stopReason(), result.toString());
        Optimality.assertOptimal(pr, lambda, Double.NEGATIVE_INFINITY, w, 1e-7);
        double[] gradient = Optimality.gradient(pr, w);
        for (int j = 0; j < pr.p - 1; j++) {
            if (Optimality.columnNorm(w, m, j) == 0) {
                assertTrue(Optimality.columnNorm(gradient, m, j) <= lambda * (1 + 1e-6), "zero column " + j);
            }
        }
        if (fraction > 1) {
            assertEquals(features, result.zeroColumns(), "beyond lambdaAllZero every weight column vanishes");
        }
        if (fraction > 0 && fraction < 1) {
            assertTrue(result.zeroColumns() < features, "below lambdaAllZero some column survives");
        }
        assertEquals(objective(pr, lambda, w), result.objective(), 0.0);
        assertTrue(result.relativeKktResidual() <= 1e-10, result.toString());
    }

    /** (2) Tiny problems against plain constant-step proximal gradient run for 10⁵ iterations. */
    @ParameterizedTest(name = "m={0}, features={1}, lambda = {2} x lambdaAllZero, bias >= {3}")
    @CsvSource({
        "1, 2, 0, -Infinity, 11",
        "1, 2, 0.5, -Infinity, 12",
        "2, 2, 0.2, -Infinity, 13",
        "1, 3, 0.9, -Infinity, 14",
        "2, 3, 0.4, -Infinity, 15",
        "2, 3, 0.6, -Infinity, 16",
        "2, 3, 0.3, 0.05, 17",
        "2, 2, 0, 0.1, 18",
    })
    void agreesWithAPlainProximalGradientReference(int m, int features, double fraction, double lowerBound, long seed) {
        Problems pr = Problems.gaussian(m, features, 20, new int[0], seed);
        double lambda = fraction * Optimality.lambdaAllZero(pr);
        double[] reference = Reference.solve(pr, lambda, lowerBound, 100_000);
        GroupLassoResult result = solve(new GroupLassoSolver(1e-12, 5000).withBiasLowerBound(lowerBound),
                pr, lambda, zeros(pr));

        double expected = objective(pr, lambda, reference);
        assertEquals(expected, result.objective(), 1e-9 * Math.abs(expected), result.toString());
        assertArrayEquals(reference, result.solution(), 1e-6);
    }

    /** (3) λ = 0 is least squares: W̃G = C when G is nonsingular. */
    @Test
    void withoutPenaltyItSolvesTheNormalEquations() {
        Problems pr = Problems.gaussian(7, 15, 100, new int[0], 21);
        GroupLassoResult result = solve(new GroupLassoSolver(1e-11, 5000), pr, 0, zeros(pr));
        double[] w = result.solution();
        double[] residual = Optimality.gradient(pr, w);        // ρ(W̃G − C)
        double largestCross = 0;
        for (double c : pr.cross) {
            largestCross = Math.max(largestCross, Math.abs(c));
        }
        for (double r : residual) {
            assertEquals(0, r / pr.rho, 1e-9 * largestCross);
        }
        assertEquals(0, result.zeroColumns());
    }

    /** (4) Inputs that are zero in every sample get exactly zero weights, from a non-zero warm start. */
    @ParameterizedTest(name = "lambda = {0}")
    @CsvSource({"1e-6", "1e-3", "0.1"})
    void columnsWithZeroGramDiagonalComeOutExactlyZero(double lambda) {
        int[] dead = {0, 4, 5, 11};
        Problems pr = Problems.gaussian(6, 12, 80, dead, 31);
        double[] warm = new double[pr.m * pr.p];
        Random random = new Random(32);
        for (int k = 0; k < warm.length; k++) {
            warm[k] = random.nextGaussian();
        }
        GroupLassoResult result = solve(new GroupLassoSolver(1e-8, 5000), pr, lambda, warm);
        double[] w = result.solution();
        for (int j : dead) {
            for (int i = 0; i < pr.m; i++) {
                assertEquals(0.0, w[i + j * pr.m], 0.0, "column " + j);
            }
        }
        assertTrue(result.zeroColumns() >= dead.length);
        assertEquals(GroupLassoStop.CONVERGED, result.stopReason());
    }

    /** (5) Never worse than the warm start, whatever the warm start and however few iterations are allowed. */
    @Test
    void neverIncreasesTheObjectiveOverTheWarmStart() {
        Problems pr = Problems.gaussian(8, 30, 200, new int[] {3, 17}, 41);
        double lambdaAllZero = Optimality.lambdaAllZero(pr);
        Random random = new Random(42);
        double[] optimum = solve(new GroupLassoSolver(1e-10, 5000), pr, 0.2 * lambdaAllZero, zeros(pr)).solution();
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            double lambda = new double[] {0, 0.05, 0.2, 0.6, 1.2}[trial % 5] * lambdaAllZero;
            int budget = new int[] {1, 2, 3, 5, 8, 13, 50, 5000}[trial % 8];
            double[] warm = new double[pr.m * pr.p];
            double spread = Math.pow(10, -4 + trial % 5);      // from the optimum's neighbourhood to far away
            for (int k = 0; k < warm.length; k++) {
                warm[k] = (trial % 3 == 0 ? optimum[k] : 0) + spread * random.nextGaussian();
            }
            if (trial % 7 == 0) {
                for (int i = 0; i < pr.m; i++) {
                    warm[i + 5 * pr.m] = 0;                    // some exactly-zero columns in the warm start too
                }
            }
            double[] before = warm.clone();
            GroupLassoResult result = solve(new GroupLassoSolver(1e-9, budget), pr, lambda, warm);
            assertArrayEquals(before, warm, 0.0, "the warm start is not modified");
            double warmObjective = objective(pr, lambda, warm);
            double resultObjective = objective(pr, lambda, result.solution());
            assertTrue(resultObjective <= warmObjective,
                    "trial " + trial + ": " + resultObjective + " > warm start's " + warmObjective);
            if (trial % 7 != 0 && spread >= 1e-2) {
                // far from optimal, so the iteration itself made progress (not the final fallback)
                assertTrue(resultObjective < warmObjective - 1e-9 * Math.abs(warmObjective), "trial " + trial);
            }
            assertEquals(resultObjective, result.objective(), 0.0);
            assertTrue(result.iterations() <= budget);
            checked++;
        }
        assertEquals(60, checked);
        GroupLassoResult fromOptimum = solve(new GroupLassoSolver(1e-9, 5000), pr, 0.2 * lambdaAllZero, optimum);
        assertTrue(fromOptimum.objective() <= objective(pr, 0.2 * lambdaAllZero, optimum));
        assertEquals(0, fromOptimum.iterations(), "an optimal warm start is returned at once");
    }

    /**
     * (5, continued) The line search itself: the iterates of one run are the results of runs with budgets
     * 1, 2, 3, … from the same start. With memory 1 their objective never increases; with memory M it
     * never exceeds the largest of the previous M. The design is pixel-like, so BB steps do overshoot.
     */
    @ParameterizedTest(name = "memory {0}")
    @CsvSource({"1", "4", "10"})
    void theLineSearchKeepsTheGrippoLamparielloLucidiCondition(int memory) {
        Problems pr = Problems.syntheticPixels(6, 300, 91);
        double lambda = 0.05 * Optimality.lambdaAllZero(pr);
        double[] warm = new double[pr.m * pr.p];
        Random random = new Random(92);
        for (int k = 0; k < warm.length; k++) {
            warm[k] = pr.gram[(k / pr.m) * (pr.p + 1)] > 0 ? random.nextGaussian() : 0;
        }
        int steps = 20;
        double[] objectives = new double[steps + 1];
        objectives[0] = objective(pr, lambda, warm);
        for (int budget = 1; budget <= steps; budget++) {
            GroupLassoResult result = solve(new GroupLassoSolver(1e-12, budget).withNonmonotoneMemory(memory),
                    pr, lambda, warm);
            assertEquals(budget, result.iterations(), result.toString());
            objectives[budget] = result.objective();
            double reference = Double.NEGATIVE_INFINITY;
            for (int i = Math.max(0, budget - memory); i < budget; i++) {
                reference = Math.max(reference, objectives[i]);
            }
            double slack = 1e-12 * Math.abs(reference);
            assertTrue(objectives[budget] <= reference + slack, "step " + budget + ": " + objectives[budget]
                    + " above the reference " + reference + " of memory " + memory);
        }
        assertTrue(objectives[steps] < objectives[0] - 1e-3 * Math.abs(objectives[0]), "it made progress");
    }

    /** The reported residual is the one of the class comment, computed independently, also mid-way. */
    @ParameterizedTest(name = "budget {0}, bias >= {1}")
    @CsvSource({"0, -Infinity", "1, -Infinity", "4, -Infinity", "2, 0.0", "5, 0.0", "5000, -Infinity"})
    void reportsTheKktResidualOfItsResult(int budget, double lowerBound) {
        Problems pr = Problems.gaussian(9, 25, 200, new int[] {4}, 101);
        double lambda = 0.2 * Optimality.lambdaAllZero(pr);
        GroupLassoResult result = solve(new GroupLassoSolver(1e-8, budget).withBiasLowerBound(lowerBound), pr,
                lambda, zeros(pr));
        double expected = Optimality.relativeResidual(pr, lambda, lowerBound, result.solution());
        assertEquals(expected, result.relativeKktResidual(), 1e-9 * expected + 1e-15, result.toString());
        if (budget > 0 && budget < 5000) {
            assertTrue(expected > 1e-8, "not converged yet after " + budget + " steps");
        }
    }

    /** (6) With a bias lower bound: b ≥ lb and the bound-constrained KKT conditions. */
    @ParameterizedTest(name = "lambda = {0} x lambdaAllZero")
    @CsvSource({"0", "0.3", "1.1"})
    void respectsTheBiasLowerBound(double fraction) {
        Problems pr = Problems.gaussian(12, 20, 150, new int[] {6}, 51);
        double lambda = fraction * Optimality.lambdaAllZero(pr);
        GroupLassoSolver solver = new GroupLassoSolver(1e-10, 5000);
        double[] free = solve(solver, pr, lambda, zeros(pr)).solution();
        double[] freeBias = Arrays.copyOfRange(free, (pr.p - 1) * pr.m, pr.p * pr.m);
        double[] sorted = freeBias.clone();
        Arrays.sort(sorted);
        double lowerBound = sorted[pr.m / 2];                 // binds for about half of the neurons

        double[] warm = zeros(pr);
        Arrays.fill(warm, (pr.p - 1) * pr.m, pr.p * pr.m, lowerBound - 1);    // even an infeasible warm start
        GroupLassoResult result = solve(solver.withBiasLowerBound(lowerBound), pr, lambda, warm);
        double[] w = result.solution();

        assertEquals(GroupLassoStop.CONVERGED, result.stopReason(), result.toString());
        Optimality.assertOptimal(pr, lambda, lowerBound, w, 1e-7);
        int atBound = 0;
        for (int i = (pr.p - 1) * pr.m; i < pr.p * pr.m; i++) {
            if (w[i] == lowerBound) {
                atBound++;
            }
        }
        assertTrue(atBound >= pr.m / 3, "the bound is active for " + atBound + " neurons");
        assertTrue(result.objective() >= objective(pr, lambda, free) - 1e-12, "the bound cannot help");
    }

    /**
     * A bias at its bound comes back as exactly the bound, for bounds that do not survive the scaling's round trip
     * {@code (lb·s)/s} too (the solver works in units of {@code s = sqrt(G_bb)}): one ulp below would break the
     * constraint, one above would make the bias count as free in the residual. Before the fix 2 of these 40 failed.
     */
    @Test
    void aBiasAtItsBoundIsExactlyTheBound() {
        int failures = 0;
        StringBuilder failed = new StringBuilder();
        for (int seed = 50; seed < 60; seed++) {
            Problems pr = Problems.gaussian(12, 20, 150, new int[] {6}, seed);
            double lambda = 0.3 * Optimality.lambdaAllZero(pr);
            GroupLassoSolver solver = new GroupLassoSolver(1e-10, 5000);
            double[] free = solve(solver, pr, lambda, zeros(pr)).solution();
            double[] sorted = Arrays.copyOfRange(free, (pr.p - 1) * pr.m, pr.p * pr.m);
            Arrays.sort(sorted);
            for (int shift = 0; shift < 4; shift++) {
                double lowerBound = sorted[pr.m / 2] + shift * 1e-3;
                GroupLassoResult result = solve(solver.withBiasLowerBound(lowerBound), pr, lambda, zeros(pr));
                double[] w = result.solution();
                int atBound = 0;
                boolean feasible = true;
                for (int i = (pr.p - 1) * pr.m; i < pr.p * pr.m; i++) {
                    atBound += w[i] == lowerBound ? 1 : 0;
                    feasible &= w[i] >= lowerBound;
                }
                if (!feasible || atBound == 0 || result.stopReason() != GroupLassoStop.CONVERGED
                        || result.relativeKktResidual() > 1e-9) {
                    failures++;
                    failed.append(String.format(Locale.ROOT, "%nseed %d, lb %.6f: feasible %b, %d at the bound, %s",
                            seed, lowerBound, feasible, atBound, result));
                } else {
                    Optimality.assertOptimal(pr, lambda, lowerBound, w, 1e-7);
                }
            }
        }
        assertEquals(0, failures, failed.toString());
    }

    /** p = 1: no weights, the bias alone; its optimum is b = C_b / G_bb, the mean target. */
    @Test
    void solvesTheBiasOnlyProblem() {
        Problems pr = Problems.gaussian(4, 0, 50, new int[0], 111);
        GroupLassoResult result = solve(new GroupLassoSolver(1e-12, 100), pr, 0.5, zeros(pr));
        double[] b = result.solution();
        for (int i = 0; i < pr.m; i++) {
            assertEquals(pr.cross[i] / pr.gram[0], b[i], 1e-12 * Math.abs(b[i]) + 1e-15);
        }
        assertEquals(0, result.zeroColumns());
        assertEquals(GroupLassoStop.CONVERGED, result.stopReason());
    }

    @Test
    void rejectsStatisticsThatMakeTheObjectiveUnbounded() {
        Problems pr = Problems.gaussian(3, 5, 30, new int[] {2}, 61);
        double[] cross = pr.cross.clone();
        cross[2 * pr.m] = 1.0;                                 // C_j ≠ 0 although G_jj = 0
        GroupLassoSolver solver = new GroupLassoSolver(1e-8, 100);
        assertThrows(IllegalArgumentException.class,
                () -> solver.solve(pr.gram, cross, pr.m, pr.p, pr.rho, 1e-6, zeros(pr)));
        assertThrows(IllegalArgumentException.class,
                () -> solver.solve(pr.gram, pr.cross, pr.m, pr.p + 1, pr.rho, 1e-6, zeros(pr)));
        assertThrows(IllegalArgumentException.class,
                () -> solver.solve(pr.gram, pr.cross, pr.m, pr.p, 0, 1e-6, zeros(pr)));
    }

    @Test
    void reportsTheIterationBudgetAndAnUnreachableTolerance() {
        Problems pr = Problems.gaussian(10, 40, 300, new int[0], 71);
        double lambda = 0.3 * Optimality.lambdaAllZero(pr);
        GroupLassoResult capped = solve(new GroupLassoSolver(1e-12, 2), pr, lambda, zeros(pr));
        assertEquals(GroupLassoStop.MAX_ITERATIONS, capped.stopReason());
        assertEquals(2, capped.iterations());
        assertTrue(capped.relativeKktResidual() > 1e-12);

        GroupLassoResult exact = solve(new GroupLassoSolver(0, 3000), pr, lambda, zeros(pr));
        assertNotEquals(GroupLassoStop.CONVERGED, exact.stopReason(), "a zero tolerance is below rounding");
        Optimality.assertOptimal(pr, lambda, Double.NEGATIVE_INFINITY, exact.solution(), 1e-9);
    }

    /**
     * (8) A prepared G serves a training run's sequence of solves: C, ρ and λ change, each solve is warm-started at the
     * previous result, and the preparation's gathered rows and eigenvalue estimate carry over. Every result is, bit for
     * bit, that of the same solve on the raw G, with and without the bias bound and on two threads.
     */
    @ParameterizedTest(name = "bias bound {0}, threads {1}")
    @CsvSource({"-Infinity, 1", "-Infinity, 2", "0.05, 2"})
    void aPreparedGramGivesTheRawGramsResultsBitForBit(double lowerBound, int threads) {
        Problems pr = Problems.syntheticPixels(40, 600, 121);
        assertTrue(pr.zeroGramColumns() > 0, "some columns are screened");
        GroupLassoSolver solver = new GroupLassoSolver(1e-8, 5000).withBiasLowerBound(lowerBound).withThreads(threads);
        PreparedGram prepared = solver.prepare(pr.gram, pr.p);
        assertTrue(prepared.isOf(pr.gram));
        assertFalse(prepared.isOf(pr.gram.clone()), "the identity of the array, not its values");
        Random random = new Random(122);
        double lambdaAllZero = Optimality.lambdaAllZero(pr);
        double[] warm = zeros(pr);
        for (int solve = 0; solve < 8; solve++) {
            double[] cross = pr.cross.clone();
            for (int k = 0; k < cross.length; k++) {
                if (pr.gram[(k / pr.m) * (pr.p + 1)] > 0) {
                    cross[k] *= 1 + 0.05 * random.nextGaussian();
                }
            }
            double rho = pr.rho * (solve < 4 ? 1 : 2);
            double lambda = (solve % 2 == 0 ? 0.05 : 0.1) * lambdaAllZero;
            GroupLassoResult raw = solver.solve(pr.gram, cross, pr.m, pr.p, rho, lambda, warm);
            GroupLassoResult fromPrepared = solver.solve(prepared, cross, pr.m, rho, lambda, warm);
            assertArrayEquals(raw.solution(), fromPrepared.solution(), 0.0, "solve " + solve);
            assertEquals(raw.objective(), fromPrepared.objective(), 0.0, "solve " + solve);
            assertEquals(raw.kktResidual(), fromPrepared.kktResidual(), 0.0, "solve " + solve);
            assertEquals(raw.iterations(), fromPrepared.iterations(), "solve " + solve);
            assertEquals(raw.gradientEvaluations(), fromPrepared.gradientEvaluations(), "solve " + solve);
            assertTrue(raw.iterations() > 0, "solve " + solve + " had work to do");
            warm = fromPrepared.solution();
        }
    }

    @Test
    void refusesToPrepareAGramThatNoSamplesGive() {
        GroupLassoSolver solver = new GroupLassoSolver(1e-8, 100);
        assertThrows(IllegalArgumentException.class, () -> solver.prepare(new double[5], 2));
        assertThrows(IllegalArgumentException.class, () -> solver.prepare(new double[4], 2), "G_bb = 0: no samples");
        assertThrows(IllegalArgumentException.class, () -> solver.prepare(new double[] {1, Double.NaN, Double.NaN, 1}, 2));
    }

    @Test
    void isAnImmutableSerializableConfiguration() throws Exception {
        GroupLassoSolver solver = new GroupLassoSolver(1e-6, 500);
        GroupLassoSolver bounded = solver.withBiasLowerBound(-2.5).withNonmonotoneMemory(4);
        assertNotSame(solver, bounded);
        assertEquals(Double.NEGATIVE_INFINITY, solver.biasLowerBound());
        assertEquals(GroupLassoSolver.DEFAULT_NONMONOTONE_MEMORY, solver.nonmonotoneMemory());
        assertEquals(-2.5, bounded.biasLowerBound());
        assertEquals(4, bounded.nonmonotoneMemory());
        assertEquals(1e-6, bounded.tolerance());
        assertEquals(500, bounded.maxIterations());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(bounded);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(bounded.toString(), in.readObject().toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new GroupLassoSolver(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> solver.withNonmonotoneMemory(0));
    }
}
