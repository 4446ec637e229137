package org.ialam.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.spark.DistributedSamples;
import org.ialam.driver.spark.SharedSpark;
import org.ialam.ops.BlockState;
import org.ialam.ops.InputMatrix;
import org.ialam.ops.SparseInputs;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;

/**
 * The Spark pipeline against the plain per-sample {@link DenseReferenceIalam}: same iterates after several outer
 * iterations, for 1, 2 and 3 partitions; and the augmented Lagrangian never rises across either block of an inner
 * iteration.
 */
class SparkPipelineTest {
    private static final int[] SIZES = {6, 5, 4, 3};
    private static final int N = 61;

    static LabeledData data(long seed) {
        return data(seed, false);
    }

    /** With {@code sparseInputs}, about four fifths of x are zero, so that blocks hold x as SparseInputs. */
    static LabeledData data(long seed, boolean sparseInputs) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[N * SIZES[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = sparseInputs && random.nextDouble() < 0.8 ? 0 : random.nextGaussian();
        }
        int[] labels = new int[N];
        for (int s = 0; s < N; s++) {
            labels[s] = random.nextInt(3);
        }
        return LabeledData.classification(x, SIZES[0], labels, new double[] {0, 1, 2}, "random test data");
    }

    static IalamConfig config() {
        // γ = 1 and a strict η_1 make the ρ rule fire within a few outer iterations; no early inner stop, so
        // that both implementations make exactly the same steps; a tight solver tolerance so that the group-lasso
        // solutions agree far below 1e-9.
        return IalamConfig.builder().alpha(0.1).lambdaW(2e-2).gamma(1).eta1(0.5).maxOuter(5).maxInner(3)
                .innerTolerance(0).solverTolerance(1e-13).solverMaxIterations(100000).initScale(0.5).seed(3).build();
    }

    @ParameterizedTest(name = "{0} partitions, blocks of at most {1} samples, sparse inputs: {2}")
    @org.junit.jupiter.params.provider.CsvSource({"1, 1024, false", "2, 1024, false", "3, 1024, false",
        "2, 7, false", "1, 1024, true", "3, 7, true"})
    void sparkIteratesEqualTheDenseReference(int partitions, int blockSize, boolean sparseInputs) {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data(17, sparseInputs);
        // the form the blocks choose for x (with blocks of 7 some may come out dense: a mixture is tested too)
        assertEquals(sparseInputs, InputMatrix.of(data.features(), SIZES[0], N) instanceof SparseInputs);
        IalamConfig config = config();
        NetworkShape shape = new NetworkShape(SIZES);
        NetworkWeights start = WeightInit.draw(shape, config, N);

        TrainingResult result;
        List<BlockState> states;
        try (DistributedSamples samples = DistributedSamples.of(sc, shape, data, partitions, blockSize,
                StorageLevel.MEMORY_ONLY(), 4, "test samples")) {
            result = new IalamTrainer(config).train(sc, samples, null, start, true);
            states = samples.collectState();
        }

        double[][] startArrays = new double[shape.layers()][];
        for (int l = 1; l <= shape.layers(); l++) {
            startArrays[l - 1] = start.augmented(l);
        }
        DenseReferenceIalam dense = new DenseReferenceIalam(SIZES, data.features(), data.targets(), N, startArrays, config);
        int outer = 0;
        boolean going = true;
        while (going && outer < config.maxOuter) {
            going = dense.outerIteration();
            outer++;
        }
        assertEquals(outer, result.history().size(), "outer iterations");
        assertTrue(dense.rho > config.rho0PerSample / N, "the test should exercise a growth of ρ");

        for (int l = 1; l <= shape.layers(); l++) {
            assertClose(dense.w[l - 1], result.weights().augmented(l), "W̃_" + l);
        }
        // per-sample state, reassembled in file order from the blocks
        for (int l = 1; l <= shape.layers(); l++) {
            int m = SIZES[l];
            List<Double> u = new ArrayList<>();
            List<Double> v = new ArrayList<>();
            List<Double> xi = new ArrayList<>();
            for (BlockState s : states) {
                for (double e : s.u(l)) {
                    u.add(e);
                }
                for (double e : s.v(l)) {
                    v.add(e);
                }
                for (double e : s.xi(l)) {
                    xi.add(e);
                }
            }
            double[] du = new double[N * m];
            double[] dv = new double[N * m];
            double[] dxi = new double[N * m];
            for (int s = 0; s < N; s++) {
                System.arraycopy(dense.u[s][l - 1], 0, du, s * m, m);
                System.arraycopy(dense.v[s][l - 1], 0, dv, s * m, m);
                System.arraycopy(dense.xi[s][l - 1], 0, dxi, s * m, m);
            }
            assertClose(du, unbox(u), "u_" + l);
            assertClose(dv, unbox(v), "v_" + l);
            assertClose(dxi, unbox(xi), "ξ_" + l);
        }
        double[] residualHistory = result.history().stream().mapToDouble(OuterIteration::residual).toArray();
        assertClose(dense.residuals.stream().mapToDouble(Double::doubleValue).toArray(), residualHistory, "||r^k||");
    }

    @Test
    void augmentedLagrangianNeverRisesAcrossAnInnerIteration() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data(29);
        IalamConfig config = config().toBuilder().solverTolerance(1e-8).maxOuter(3).build();
        NetworkShape shape = new NetworkShape(SIZES);
        List<String> violations = new ArrayList<>();
        int[] checked = {0};
        try (DistributedSamples samples = DistributedSamples.of(sc, shape, data, 2, StorageLevel.MEMORY_ONLY(), 0,
                "test samples")) {
            new IalamTrainer(config).traceLagrangian((k, j, before, middle, after) -> {
                checked[0]++;
                double tol = 1e-10 * Math.abs(before);
                if (middle > before + tol) {
                    violations.add("(W,b) step k=" + k + " j=" + j + ": " + before + " -> " + middle);
                }
                if (after > middle + tol) {
                    violations.add("(v,u) step k=" + k + " j=" + j + ": " + middle + " -> " + after);
                }
            }).train(sc, samples, null, WeightInit.draw(shape, config, N), true);
        }
        assertTrue(checked[0] >= 6, "too few inner iterations traced: " + checked[0]);
        assertTrue(violations.isEmpty(), String.join("; ", violations));
    }

    /**
     * The two stops the runs above never reach: ρ past its limit ends the outer loop (§3 step 4), and the relative
     * changes below the inner tolerance end an inner loop early (§4.3).
     */
    @Test
    void theRhoLimitAndTheInnerToleranceEndTheirLoops() {
        JavaSparkContext sc = SharedSpark.context();
        LabeledData data = data(31);
        // γ = 1 and η₁ = 1e-6: ρ doubles after outer iteration 2 unless ||r|| fell a millionfold, and 2ρ⁰ > 1.5ρ⁰;
        // relative changes of (W,b) and (v,u) are far below 10, so every inner loop stops after one iteration
        IalamConfig config = config().toBuilder().eta1(1e-6).rhoLimitFactor(1.5).maxOuter(5).maxInner(3)
                .innerTolerance(10).solverTolerance(1e-8).build();
        NetworkShape shape = new NetworkShape(SIZES);
        TrainingResult result;
        try (DistributedSamples samples = DistributedSamples.of(sc, shape, data, 2, StorageLevel.MEMORY_ONLY(), 4,
                "test samples")) {
            result = new IalamTrainer(config).train(sc, samples, null, WeightInit.draw(shape, config, N), true);
        }
        assertEquals(StopReason.RHO_LIMIT, result.stopReason());
        assertEquals(2, result.history().size(), "stopped by ρ after outer iteration 2, not by --max-outer 5");
        for (OuterIteration it : result.history()) {
            assertEquals(InnerStop.CONVERGED, it.innerStop(), "outer " + it.k());
            assertEquals(1, it.innerIterations(), "outer " + it.k());
        }
        assertEquals(2, result.innerIterations());
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= 1e-9 * Math.max(scale, 1e-300),
                what + ": max difference " + diff + " relative to max entry " + scale);
    }
}
