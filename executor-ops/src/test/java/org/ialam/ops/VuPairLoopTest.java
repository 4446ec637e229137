package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SIMD loop of the (v,u) pairs against the scalar solver, bit for bit: every output and both sums, on data that
 * reaches every candidate of both sign branches, on ties, signed zeros and non-finite values, and on lengths that
 * leave a scalar tail. (The scalar solver itself is checked against brute force in {@code VuPairSolverTest}.) Bits are
 * compared with {@link Double#doubleToLongBits}, which tells signed zeros apart but not NaN payloads: Java leaves a
 * NaN's payload and sign unspecified, and the trainer stops at the first non-finite state anyway.
 */
class VuPairLoopTest {
    private static final VuPairLoop VECTOR = new VectorVuPairLoop();

    /** Otherwise the SIMD loop would go untested in the other tests, and the trainer would run the slow one. */
    @Test
    void theVectorApiLoopIsChosenWhenTheModuleIsPresent() {
        assertInstanceOf(VectorVuPairLoop.class, VuPairLoop.fastest(),
                "the test JVM must run with --add-modules=jdk.incubator.vector (pom's spark.jvm.options)");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 16, 1003, 4096})
    void continuousDataGivesBitIdenticalResults(int count) {
        SplittableRandom random = new SplittableRandom(count);
        for (double alpha : new double[] {0.1, 0.01, 0.5, 0.0}) {
            for (boolean lastLayer : new boolean[] {false, true}) {
                double[][] in = inputs(random, count, () -> random.nextGaussian() * 3);
                compare(new VuPairSolver(0.5 + random.nextDouble(), 0.2 + random.nextDouble(), random.nextDouble(),
                        alpha), in, 0.3 + random.nextDouble(), random.nextDouble() * 2, lastLayer);
            }
        }
    }

    /** Small integers make the candidates' objectives tie often, so the tie rules are compared too. */
    @Test
    void tiesAndSignedZerosGoTheSameWay() {
        SplittableRandom random = new SplittableRandom(5);
        int count = 20_000;
        double[] values = {-2, -1, -0.0, 0.0, 0.5, 1, 2};
        for (double beta : new double[] {0, 0.5, 1}) {
            double[][] in = inputs(random, count, () -> values[random.nextInt(values.length)]);
            int[] seen = compare(new VuPairSolver(1, 1, beta, 0.5), in, 1, 1, false);
            assertTrue(seen[0] > 0, "ties between candidates occurred: " + seen[0]);
        }
    }

    @Test
    void nonFiniteInputsGiveTheSameOutputs() {
        SplittableRandom random = new SplittableRandom(9);
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0, 1};
        double[][] in = inputs(random, 999, () -> values[random.nextInt(values.length)]);
        compare(new VuPairSolver(1, 2, 0.3, 0.1), in, 1, 1, false);
    }

    @Test
    void everyCandidateOfBothBranchesIsReached() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] in = inputs(random, 50_000, () -> random.nextGaussian() * 3);
        int[] seen = compare(new VuPairSolver(1.2, 0.7, 0.4, 0.1), in, 0.8, 1.5, false);
        for (int candidate = 1; candidate <= 4; candidate++) {
            assertTrue(seen[candidate] > 100, "candidate A" + candidate + " won " + seen[candidate] + " times");
        }
    }

    private interface Draw {
        double next();
    }

    /** uOld, vOld, g, h: one draw per entry. */
    private static double[][] inputs(SplittableRandom random, int count, Draw draw) {
        double[][] in = new double[4][count];
        for (double[] a : in) {
            for (int i = 0; i < count; i++) {
                a[i] = draw.next();
            }
        }
        return in;
    }

    /**
     * Runs both loops (over outputs prefilled with garbage, and sums that start non-zero) and asserts equal bits.
     * Returns per candidate (1–6) how often the scalar solver chose it, and in slot 0 how many pairs had a tie.
     */
    private static int[] compare(VuPairSolver pairs, double[][] in, double inverseR, double dScale, boolean lastLayer) {
        int count = in[0].length;
        double[] h = lastLayer ? null : in[3];
        double[] s = lastLayer ? in[3] : in[1];
        double[] vScalar = garbage(count);
        double[] uScalar = garbage(count);
        double[] vVector = garbage(count);
        double[] uVector = garbage(count);
        double[] scalarTotals = {0.25, 1.5};
        double[] vectorTotals = {0.25, 1.5};
        ScalarVuPairLoop.INSTANCE.solve(pairs, count, in[0], in[1], in[2], inverseR, dScale, s, h, vScalar, uScalar,
                scalarTotals);
        VECTOR.solve(pairs, count, in[0], in[1], in[2], inverseR, dScale, s, h, vVector, uVector, vectorTotals);
        int[] seen = new int[7];
        double[] pair = new double[2];
        for (int i = 0; i < count; i++) {
            int at = i;
            assertEquals(Double.doubleToLongBits(vScalar[i]), Double.doubleToLongBits(vVector[i]),
                    () -> "v at " + at + ": " + vScalar[at] + " (scalar) vs " + vVector[at]);
            assertEquals(Double.doubleToLongBits(uScalar[i]), Double.doubleToLongBits(uVector[i]),
                    () -> "u at " + at + ": " + uScalar[at] + " (scalar) vs " + uVector[at]);
            double a = in[0][i] - in[2][i] * inverseR;
            double d = h != null ? dScale * s[i] + h[i] : dScale * s[i];
            seen[pairs.solve(d, a, pair, 0)]++;
            if (hasTie(pairs, d, a)) {
                seen[0]++;
            }
        }
        assertEquals(Double.doubleToLongBits(scalarTotals[0]), Double.doubleToLongBits(vectorTotals[0]));
        assertEquals(Double.doubleToLongBits(scalarTotals[1]), Double.doubleToLongBits(vectorTotals[1]));
        return seen;
    }

    /** Whether two of the candidates compared for (d, a) have equal objectives (the tie rules decide). */
    private static boolean hasTie(VuPairSolver k, double d, double a) {
        double p = (d - k.beta) * k.inverseC;
        double f1;
        double f2;
        double f3;
        if (p >= 0) {
            double u1 = Math.min(Math.max(a + k.betaOverR, 0), p);
            double u2 = Math.min(a + k.alphaBetaOverR, 0);
            double u3 = Math.max((d + k.r * a) * k.inverseCPlusR, p);
            f1 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, p, u1);
            f2 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, p, u2);
            f3 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, u3, u3);
        } else {
            double t = p * k.inverseAlpha;
            double u2 = Math.min(a + k.alphaBetaOverR, t);
            double u3 = Math.max((d + k.r * a) * k.inverseCPlusR, 0);
            double u4 = Math.min(Math.max((k.alpha * d + k.r * a) * k.inverseAlphaSquaredCPlusR, t), 0);
            f1 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, p, u2);
            f2 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, u3, u3);
            f3 = VuPairSolver.objective(k.c, d, k.r, a, k.beta, k.alpha, k.alpha * u4, u4);
        }
        return f1 == f2 || f1 == f3 || f2 == f3;
    }

    private static double[] garbage(int count) {
        double[] a = new double[count];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
