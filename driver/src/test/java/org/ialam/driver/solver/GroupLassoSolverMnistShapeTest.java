package org.ialam.driver.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.blas.BLAS;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * (7) MNIST layer 1 shape, m = 200, p = 785, from 2000 samples: converges to 10⁻⁶ from a zero start and
 * from a warm start. Iterations and times are printed, not asserted (they depend on the machine).
 */
class GroupLassoSolverMnistShapeTest {
    private static final double TOLERANCE = 1e-6;
    private static final int MAX_ITERATIONS = 5000;
    private static final double[] LAMBDAS = {1e-5, 1e-3, 1e-2};

    @BeforeAll
    static void printBlas() {
        System.out.println("BLAS: " + BLAS.getInstance().getClass().getName());
    }

    @Test
    void convergesOnSyntheticPixelData() {
        Problems pr = Problems.syntheticPixels(200, 2000, 81);
        assertTrue(pr.zeroGramColumns() > 0.1 * pr.p, "the design has always-zero pixels");
        convergesFromZeroAndWarmStarts("synthetic", pr);
    }

    @Test
    void convergesOnTheFirst2000MnistImages() throws Exception {
        Assumptions.assumeTrue(Files.exists(Problems.MNIST_TRAIN_IMAGES), "MNIST not present");
        convergesFromZeroAndWarmStarts("MNIST", Problems.mnist(200, 2000, 82));
    }

    /**
     * The products and triangular solves split between threads compute the same columns and rows as one thread
     * does, so the solves agree to rounding: same objective, same zero columns, solutions close.
     */
    @Test
    void threadsChangeNothingButTheTime() {
        Problems pr = Problems.syntheticPixels(200, 2000, 84);
        double lambda = LAMBDAS[1];
        GroupLassoSolver one = new GroupLassoSolver(TOLERANCE, MAX_ITERATIONS).withThreads(1);
        GroupLassoResult single = timed("1 thread", "zero start", lambda,
                () -> one.solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, new double[pr.m * pr.p]));
        for (int threads : new int[] {2, 3}) {
            GroupLassoResult split = timed(threads + " threads", "zero start", lambda, () -> one.withThreads(threads)
                    .solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, new double[pr.m * pr.p]));
            assertConverged(pr, lambda, split);
            assertEquals(single.objective(), split.objective(), 1e-9 * Math.abs(single.objective()));
            assertEquals(single.zeroColumns(), split.zeroColumns());
            double[] w1 = single.solution();
            double[] w = split.solution();
            double difference = 0;
            double norm = 0;
            for (int k = 0; k < w.length; k++) {
                difference += (w1[k] - w[k]) * (w1[k] - w[k]);
                norm += w1[k] * w1[k];
            }
            System.out.printf(Locale.ROOT, "%d threads: ||W - W_1 thread|| / ||W_1 thread|| = %.2e%n", threads,
                    Math.sqrt(difference / norm));
            assertTrue(Math.sqrt(difference / norm) <= 1e-6, "relative difference " + Math.sqrt(difference / norm));
        }
        assertConverged(pr, lambda, single);
    }

    private static void convergesFromZeroAndWarmStarts(String name, Problems pr) {
        GroupLassoSolver solver = new GroupLassoSolver(TOLERANCE, MAX_ITERATIONS);
        for (double lambda : LAMBDAS) {
            GroupLassoResult cold = timed(name, "zero start", lambda,
                    () -> solver.solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, new double[pr.m * pr.p]));
            assertConverged(pr, lambda, cold);

            // the outer loop's situation: warm start = the optimum for slightly different targets t_n
            double[] perturbedCross = pr.perturbedCross(0.05, 83);
            double[] previous = solver.solve(pr.gram, perturbedCross, pr.m, pr.p, pr.rho, lambda,
                    cold.solution()).solution();
            GroupLassoResult warm = timed(name, "warm start", lambda,
                    () -> solver.solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, previous));
            assertConverged(pr, lambda, warm);
            assertTrue(warm.objective() <= GroupLassoSolver.objective(pr.gram, pr.cross, pr.m, pr.p, pr.rho,
                    lambda, previous));
            assertEquals(pr.zeroGramColumns(), countExactlyZeroAmongScreened(pr, warm.solution()));
        }
        // with a bias bound that binds for half of the neurons (the ReLU variant, ialam.md §7)
        double lambda = LAMBDAS[1];
        double[] free = solver.solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, new double[pr.m * pr.p])
                .solution();
        double[] bias = Arrays.copyOfRange(free, (pr.p - 1) * pr.m, pr.p * pr.m);
        Arrays.sort(bias);
        double lowerBound = bias[pr.m / 2];
        GroupLassoResult bounded = timed(name, "bias bound", lambda, () -> solver.withBiasLowerBound(lowerBound)
                .solve(pr.gram, pr.cross, pr.m, pr.p, pr.rho, lambda, new double[pr.m * pr.p]));
        assertEquals(GroupLassoStop.CONVERGED, bounded.stopReason(), bounded.toString());
        Optimality.assertOptimal(pr, lambda, lowerBound, bounded.solution(), TOLERANCE * 1.01);
    }

    private static void assertConverged(Problems pr, double lambda, GroupLassoResult result) {
        assertEquals(GroupLassoStop.CONVERGED, result.stopReason(), result.toString());
        assertTrue(result.relativeKktResidual() <= TOLERANCE, result.toString());
        // independent check of the solver's own residual
        Optimality.assertOptimal(pr, lambda, Double.NEGATIVE_INFINITY, result.solution(), TOLERANCE * 1.01);
        assertTrue(result.zeroColumns() >= pr.zeroGramColumns(), result.toString());
    }

    private static int countExactlyZeroAmongScreened(Problems pr, double[] w) {
        int zeros = 0;
        for (int j = 0; j < pr.p; j++) {
            if (pr.gram[j * (pr.p + 1)] == 0 && Optimality.columnNorm(w, pr.m, j) == 0.0) {
                zeros++;
            }
        }
        return zeros;
    }

    private static GroupLassoResult timed(String name, String start, double lambda,
                                          Supplier<GroupLassoResult> solve) {
        long begin = System.nanoTime();
        GroupLassoResult result = solve.get();
        double seconds = (System.nanoTime() - begin) / 1e9;
        System.out.printf(Locale.ROOT, "%-9s lambda=%-6s %-10s: %3d iterations (%3d products W~G, %2d support "
                        + "steps) %.3f s, relative KKT %.2e, %d zero columns%n", name, lambda, start,
                result.iterations(), result.gradientEvaluations(), result.supportSteps(), seconds,
                result.relativeKktResidual(), result.zeroColumns());
        return result;
    }
}
