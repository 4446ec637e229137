package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Block kernels against plain per-sample loops written from the formulas of ialam.md. */
class KernelsTest {

    static VuStepCoefficients coefficients(RandomProblem p, double rho, double tau1, double[] beta, double lambdaV,
            double lossWeight) {
        int layers = p.shape.layers();
        double[] tau = new double[layers];
        tau[0] = tau1;
        for (int l = 2; l <= layers; l++) {
            // 1.001: the power iteration of the test is a lower bound of the norm
            tau[l - 1] = VuStepCoefficients.proximalWeight(rho, 1.001 * RandomProblem.spectralNorm(p.weights, l), tau1);
        }
        return new VuStepCoefficients(rho, tau, beta, lambdaV, lossWeight, p.alpha);
    }

    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void vuStepEqualsPerSampleFormulas(boolean sparse) {
        RandomProblem p = new RandomProblem(7, 0.1, sparse, 9, 5, 4, 3, 2);
        BlockState old = p.randomFeasibleState();
        double rho = 0.7;
        double[] beta = {0.3, 0.2, 0.4};
        VuStepCoefficients k = coefficients(p, rho, 0.05, beta, 0.01, 1.0 / 9);
        BlockState next = VuStep.apply(p.block, old, p.weights, k);

        int layers = p.shape.layers();
        double[] pair = new double[2];
        for (int s = 0; s < p.block.size(); s++) {
            // g_l = ξ + ρ(u − W v_{l−1} − b) per sample, from the old point
            double[][] g = new double[layers + 1][];
            double[][] z = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                int m = p.shape.width(l);
                double[] prev = l == 1 ? RandomProblem.column(p.block.x().toDense(), p.shape.inputs(), s)
                        : RandomProblem.column(old.v(l - 1), p.shape.width(l - 1), s);
                z[l] = RandomProblem.affine(p.weights, l, prev);
                g[l] = new double[m];
                for (int i = 0; i < m; i++) {
                    g[l][i] = old.xi(l)[s * m + i] + rho * (old.u(l)[s * m + i] - z[l][i]);
                }
            }
            for (int l = 1; l <= layers; l++) {
                int m = p.shape.width(l);
                for (int i = 0; i < m; i++) {
                    int idx = s * m + i;
                    double uj = old.u(l)[idx];
                    double vj = old.v(l)[idx];
                    double r;
                    double a;
                    if (l == 1) {
                        r = rho + k.tau[0];
                        a = (rho * z[1][i] - old.xi(1)[idx] + k.tau[0] * uj) / (rho + k.tau[0]);
                    } else {
                        r = k.tau[l - 1];
                        a = uj - g[l][i] / r;
                    }
                    double c;
                    double d;
                    if (l < layers) {
                        int mNext = p.shape.width(l + 1);
                        double wtg = 0;
                        for (int q = 0; q < mNext; q++) {
                            wtg += p.weights.augmented(l + 1)[i * mNext + q] * g[l + 1][q];
                        }
                        c = k.tau[l] + 2 * k.lambdaV;
                        d = k.tau[l] * vj + wtg;
                    } else {
                        c = 2 * k.lossWeight + 2 * k.lambdaV;
                        d = 2 * p.block.y()[idx] * k.lossWeight;
                    }
                    VuPairSolver.solve(c, d, r, a, beta[l - 1], p.alpha, pair, 0);
                    assertEquals(pair[0], next.v(l)[idx], 1e-12 * (1 + Math.abs(pair[0])), "v layer " + l);
                    assertEquals(pair[1], next.u(l)[idx], 1e-12 * (1 + Math.abs(pair[1])), "u layer " + l);
                }
            }
        }
        assertTrue(next.xi(1) == old.xi(1), "ξ is shared, not copied, by the (v,u) step");
    }

    /**
     * One scratch serves a task's blocks: left dirty (NaN) and larger than needed by an earlier, bigger block, it
     * gives exactly what fresh temporaries give, and no output array is a scratch array.
     */
    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void kernelsGiveTheSameStatesWithAReusedScratch(boolean sparse) {
        BlockScratch scratch = new BlockScratch();
        java.util.List<double[]> scratchArrays = new java.util.ArrayList<>();
        for (int slot = 0; slot < 4; slot++) {
            double[] a = scratch.get(slot, 1000);
            java.util.Arrays.fill(a, Double.NaN);
            scratchArrays.add(a);
        }
        for (int blockSize : new int[] {9, 5, 9}) {
            RandomProblem p = new RandomProblem(blockSize, 0.1, sparse, blockSize, 6, 5, 4, 3);
            BlockState old = p.randomFeasibleState();
            VuStepCoefficients k = coefficients(p, 0.9, 0.05, new double[] {0.3, 0.2, 0.4}, 0.01, 1.0 / blockSize);
            BlockState fresh = VuStep.apply(p.block, old, p.weights, k);
            BlockState reused = VuStep.apply(p.block, old, p.weights, k, scratch);
            BlockState freshXi = MultiplierStep.apply(p.block, fresh, p.weights, 0.9, p.alpha);
            BlockState reusedXi = MultiplierStep.apply(p.block, reused, p.weights, 0.9, p.alpha, scratch);
            for (int l = 1; l <= p.shape.layers(); l++) {
                assertArrayEquals(fresh.u(l), reused.u(l), 0.0);
                assertArrayEquals(fresh.v(l), reused.v(l), 0.0);
                assertArrayEquals(freshXi.xi(l), reusedXi.xi(l), 0.0);
                for (double[] a : scratchArrays) {
                    assertTrue(a != reused.u(l) && a != reused.v(l) && a != reusedXi.xi(l), "a scratch array escaped");
                }
            }
            assertEquals(fresh.totals().changeSquared, reused.totals().changeSquared, 0.0);
            assertEquals(freshXi.totals().residualSquared, reusedXi.totals().residualSquared, 0.0);
            assertEquals(freshXi.totals().squaredError, reusedXi.totals().squaredError, 0.0);
        }
        assertTrue(scratch.get(0, 1000) == scratchArrays.get(0), "the scratch keeps its arrays");
    }

    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void vuStepNeverIncreasesTheAugmentedLagrangian(boolean sparse) {
        for (long seed = 1; seed <= 30; seed++) {
            double alpha = seed % 3 == 0 ? 0.0 : 0.2;
            RandomProblem p = new RandomProblem(seed, alpha, sparse, 13, 6, 5, 4, 3);
            BlockState state = p.randomFeasibleState();
            double rho = 0.5 + seed % 4;
            double[] beta = {0.1, 0.5, 0.05};
            VuStepCoefficients k = coefficients(p, rho, 0.01, beta, 0.02, 1.0 / 13);
            double before = AugmentedLagrangian.sampleTerms(p.block, state, p.weights, rho, beta, 0.02, 1.0 / 13, alpha);
            for (int j = 0; j < 5; j++) {
                state = VuStep.apply(p.block, state, p.weights, k);
                double after = AugmentedLagrangian.sampleTerms(p.block, state, p.weights, rho, beta, 0.02, 1.0 / 13, alpha);
                assertTrue(after <= before + 1e-12 * Math.abs(before),
                        "seed " + seed + " step " + j + ": L_ρ rose from " + before + " to " + after);
                before = after;
            }
        }
    }

    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void multiplierStepEqualsDirectUpdateAndTotals(boolean sparse) {
        RandomProblem p = new RandomProblem(3, 0.1, sparse, 7, 4, 3, 2);
        BlockState state = p.randomFeasibleState();
        double rho = 1.3;
        BlockState next = MultiplierStep.apply(p.block, state, p.weights, rho, p.alpha);
        double residual = 0;
        double multiplier = 0;
        double gap = 0;
        for (int s = 0; s < 7; s++) {
            for (int l = 1; l <= 2; l++) {
                int m = p.shape.width(l);
                double[] prev = l == 1 ? RandomProblem.column(p.block.x().toDense(), 4, s)
                        : RandomProblem.column(state.v(1), 3, s);
                double[] z = RandomProblem.affine(p.weights, l, prev);
                for (int i = 0; i < m; i++) {
                    double r = state.u(l)[s * m + i] - z[i];
                    double xi = state.xi(l)[s * m + i] + rho * r;
                    assertEquals(xi, next.xi(l)[s * m + i], 1e-12);
                    residual += r * r;
                    multiplier += xi * xi;
                    double g = state.v(l)[s * m + i] - LeakyRelu.apply(state.u(l)[s * m + i], p.alpha);
                    gap += g * g;
                }
            }
        }
        assertEquals(residual, next.totals().residualSquared, 1e-10 * residual);
        assertEquals(multiplier, next.totals().multiplierSquared, 1e-10 * multiplier);
        assertEquals(gap, next.totals().activationGapSquared, 1e-10 * gap);
        StepTotals fit = ForwardPass.fit(p.block, p.weights, p.alpha);
        assertEquals(fit.squaredError, next.totals().squaredError, 1e-12 * fit.squaredError);
        assertEquals(fit.correct, next.totals().correct);
    }

    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void forwardPassEqualsNestedFormula(boolean sparse) {
        RandomProblem p = new RandomProblem(11, 0.05, sparse, 6, 5, 4, 3);
        double[] out = ForwardPass.outputs(p.weights, p.alpha, p.block.x().toDense(), 6);
        double squaredError = 0;
        long correct = 0;
        for (int s = 0; s < 6; s++) {
            double[] a = RandomProblem.column(p.block.x().toDense(), 5, s);
            for (int l = 1; l <= 2; l++) {
                a = RandomProblem.affine(p.weights, l, a);
                for (int i = 0; i < a.length; i++) {
                    a[i] = Math.max(a[i], p.alpha * a[i]);
                }
            }
            assertArrayEquals(a, RandomProblem.column(out, 3, s), 1e-13);
            for (int i = 0; i < 3; i++) {
                double e = a[i] - p.block.y()[s * 3 + i];
                squaredError += e * e;
            }
            int best = a[0] >= a[1] && a[0] >= a[2] ? 0 : a[1] >= a[2] ? 1 : 2;
            correct += best == p.block.labels()[s] ? 1 : 0;
        }
        StepTotals fit = ForwardPass.fit(p.block, p.weights, p.alpha);
        assertEquals(squaredError, fit.squaredError, 1e-12);
        assertEquals(correct, fit.correct);
    }

    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void statisticsEqualDirectSumsAndMergeLikeOneBlock(boolean sparse) {
        RandomProblem p = new RandomProblem(5, 0.1, sparse, 10, 4, 3, 2);
        BlockState state = p.randomFeasibleState();
        SufficientStatistics whole = new SufficientStatistics(p.shape, SufficientStatistics.Request.all(2))
                .add(p.block, state);
        for (int l = 1; l <= 2; l++) {
            int m = p.shape.width(l);
            int k = p.shape.width(l - 1);
            int q = k + 1;
            double[] gram = new double[q * q];
            double[] d = new double[m * q];
            double[] e = new double[m * q];
            for (int s = 0; s < 10; s++) {
                double[] a = new double[q];
                System.arraycopy(l == 1 ? p.block.x().toDense() : state.v(l - 1), s * k, a, 0, k);
                a[k] = 1;
                for (int i = 0; i < q; i++) {
                    for (int j = 0; j < q; j++) {
                        gram[j * q + i] += a[i] * a[j];
                    }
                    for (int r = 0; r < m; r++) {
                        d[i * m + r] += state.u(l)[s * m + r] * a[i];
                        e[i * m + r] += state.xi(l)[s * m + r] * a[i];
                    }
                }
            }
            assertArrayEquals(gram, whole.gram(l), 1e-12, "G layer " + l);
            assertArrayEquals(d, whole.uCross(l), 1e-12, "D layer " + l);
            assertArrayEquals(e, whole.xiCross(l), 1e-12, "E layer " + l);
        }
        // the same statistics from two half blocks, merged
        SufficientStatistics merged = new SufficientStatistics(p.shape, SufficientStatistics.Request.all(2));
        for (int half = 0; half < 2; half++) {
            SampleBlock b = slice(p.block, half * 5, 5);
            BlockState st = sliceState(state, p.shape, half * 5, 5);
            merged.merge(new SufficientStatistics(p.shape, SufficientStatistics.Request.all(2)).add(b, st));
        }
        assertEquals(10, merged.count());
        for (int l = 1; l <= 2; l++) {
            assertArrayEquals(whole.gram(l), merged.gram(l), 1e-12);
            assertArrayEquals(whole.uCross(l), merged.uCross(l), 1e-12);
            assertArrayEquals(whole.xiCross(l), merged.xiCross(l), 1e-12);
        }
    }

    /** C_l = Σ (u + ξ/ρ) aᵀ gathered in one product equals D_l + E_l/ρ, also from merged half blocks. */
    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void targetStatisticEqualsUPlusXiOverRho(boolean sparse) {
        RandomProblem p = new RandomProblem(6, 0.1, sparse, 10, 4, 3, 2);
        BlockState state = p.randomFeasibleState();
        double rho = 0.37;
        boolean[] both = {true, true};
        boolean[] none = {false, false};
        SufficientStatistics.Request request = SufficientStatistics.Request.withTarget(none, none, none, both, rho);
        SufficientStatistics whole = new SufficientStatistics(p.shape, request).add(p.block, state);
        SufficientStatistics separate = new SufficientStatistics(p.shape, SufficientStatistics.Request.all(2))
                .add(p.block, state);
        SufficientStatistics merged = new SufficientStatistics(p.shape, request);
        for (int half = 0; half < 2; half++) {
            merged.merge(new SufficientStatistics(p.shape, request)
                    .add(slice(p.block, half * 5, 5), sliceState(state, p.shape, half * 5, 5)));
        }
        for (int l = 1; l <= 2; l++) {
            double[] d = separate.uCross(l);
            double[] e = separate.xiCross(l);
            double[] expected = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                expected[i] = d[i] + e[i] / rho;
            }
            assertArrayEquals(expected, whole.targetCross(l), 1e-12, "C layer " + l);
            assertArrayEquals(expected, merged.targetCross(l), 1e-12, "merged C layer " + l);
            assertEquals(null, whole.uCross(l), "D not requested");
        }
        assertEquals(rho, whole.targetRho(), 0.0);
    }

    private static SampleBlock slice(SampleBlock b, int from, int n) {
        double[] x = java.util.Arrays.copyOfRange(b.x().toDense(), from * b.inputs(), (from + n) * b.inputs());
        double[] y = java.util.Arrays.copyOfRange(b.y(), from * b.outputs(), (from + n) * b.outputs());
        int[] labels = java.util.Arrays.copyOfRange(b.labels(), from, from + n);
        return new SampleBlock(from, n, b.inputs(), b.outputs(), x, y, labels);
    }

    private static BlockState sliceState(BlockState s, NetworkShape shape, int from, int n) {
        int layers = shape.layers();
        double[][] u = new double[layers][];
        double[][] v = new double[layers][];
        double[][] xi = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            int m = shape.width(l);
            u[l - 1] = java.util.Arrays.copyOfRange(s.u(l), from * m, (from + n) * m);
            v[l - 1] = java.util.Arrays.copyOfRange(s.v(l), from * m, (from + n) * m);
            xi[l - 1] = java.util.Arrays.copyOfRange(s.xi(l), from * m, (from + n) * m);
        }
        return new BlockState(u, v, xi, StepTotals.ZERO);
    }
}
