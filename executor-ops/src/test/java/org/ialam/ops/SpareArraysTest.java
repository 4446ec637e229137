package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Recycled output arrays: never an array the live generation holds, each at most once, and no change to the states. */
class SpareArraysTest {

    private static BlockState state(double[] u1, double[] u2, double[] v1, double[] v2, double[] xi1, double[] xi2) {
        return new BlockState(new double[][] {u1, u2}, new double[][] {v1, v2}, new double[][] {xi1, xi2},
                StepTotals.ZERO);
    }

    @Test
    void handsOutOnlyArraysTheLiveGenerationDoesNotHoldEachOnce() {
        double[] sharedXi1 = new double[6];
        double[] sharedXi2 = new double[3];
        double[] u1 = new double[6];
        double[] v1 = new double[6];
        double[] u2 = new double[3];
        double[] v2 = new double[3];
        // the released state shares ξ with the live one (a (v,u) step) and holds one array twice
        BlockState released = state(u1, u2, v1, u1, sharedXi1, sharedXi2);
        BlockState live = state(new double[6], new double[3], new double[6], new double[3], sharedXi1, sharedXi2);
        SpareArrays spares = SpareArrays.of(Arrays.asList(released, null), List.of(live));
        assertEquals(3, spares.available(), "u1 (once), v1, u2");
        Set<double[]> handed = Collections.newSetFromMap(new IdentityHashMap<>());
        handed.add(spares.take(6));
        handed.add(spares.take(6));
        handed.add(spares.take(3));
        assertEquals(Set.of(), difference(handed, Set.of(u1, v1, u2)), "only the released, unshared arrays");
        assertEquals(3, handed.size(), "no array twice");
        assertEquals(0, spares.available());
        double[] fresh = spares.take(6);
        assertFalse(fresh == sharedXi1 || handed.contains(fresh), "then new arrays");
        assertArrayEquals(new double[6], fresh, 0.0);
        assertEquals(7, spares.take(7).length, "no spare of another length is cut to size");
    }

    private static Set<double[]> difference(Set<double[]> a, Set<double[]> b) {
        Set<double[]> d = Collections.newSetFromMap(new IdentityHashMap<>());
        d.addAll(a);
        b.forEach(d::remove);
        return d;
    }

    @Test
    void noneAllocates() {
        SpareArrays none = SpareArrays.none();
        assertEquals(0, none.available());
        assertArrayEquals(new double[4], none.take(4), 0.0);
    }

    /**
     * The kernels write every element of a recycled array: dirty spares (NaN) of a released generation give exactly
     * the states that new arrays give, and the input state is left untouched.
     */
    @ParameterizedTest(name = "sparse inputs: {0}")
    @ValueSource(booleans = {false, true})
    void kernelsGiveTheSameStatesInDirtySpares(boolean sparse) {
        RandomProblem p = new RandomProblem(5, 0.1, sparse, 9, 6, 5, 4, 3);
        BlockState old = p.randomFeasibleState();
        BlockState released = p.randomFeasibleState();
        released.forEachArray(a -> Arrays.fill(a, Double.NaN));
        double[][] before = snapshot(old);
        VuStepCoefficients k = KernelsTest.coefficients(p, 0.9, 0.05, new double[] {0.3, 0.2, 0.4}, 0.01, 1.0 / 9);

        BlockState fresh = VuStep.apply(p.block, old, p.weights, k);
        BlockState recycled = VuStep.apply(p.block, old, p.weights, k,
                new BlockScratch(SpareArrays.of(List.of(released), List.of(old))));
        assertTrue(Arrays.deepEquals(before, snapshot(old)), "the input state is intact");
        Set<double[]> releasedArrays = identitySet(released);
        for (int l = 1; l <= p.shape.layers(); l++) {
            assertArrayEquals(fresh.u(l), recycled.u(l), 0.0);
            assertArrayEquals(fresh.v(l), recycled.v(l), 0.0);
            assertTrue(releasedArrays.contains(recycled.u(l)) && releasedArrays.contains(recycled.v(l)),
                    "the new u and v of layer " + l + " are recycled arrays");
            assertTrue(recycled.xi(l) == old.xi(l), "ξ is still shared by the (v,u) step");
        }
        assertEquals(fresh.totals().changeSquared, recycled.totals().changeSquared, 0.0);
        assertEquals(fresh.totals().normSquared, recycled.totals().normSquared, 0.0);

        // now old is released: the ξ update may overwrite its u and v, never the ξ it shares with its input
        double[][] input = snapshot(recycled);
        BlockState freshXi = MultiplierStep.apply(p.block, fresh, p.weights, 0.9, p.alpha);
        BlockState recycledXi = MultiplierStep.apply(p.block, recycled, p.weights, 0.9, p.alpha,
                new BlockScratch(SpareArrays.of(List.of(old), List.of(recycled))));
        assertTrue(Arrays.deepEquals(input, snapshot(recycled)), "the ξ update's input state is intact");
        Set<double[]> oldArrays = identitySet(old);
        for (int l = 1; l <= p.shape.layers(); l++) {
            assertArrayEquals(freshXi.xi(l), recycledXi.xi(l), 0.0);
            assertTrue(oldArrays.contains(recycledXi.xi(l)) && recycledXi.xi(l) != old.xi(l),
                    "the new ξ of layer " + l + " is one of old's u and v");
        }
        assertEquals(freshXi.totals().residualSquared, recycledXi.totals().residualSquared, 0.0);
        assertEquals(freshXi.totals().squaredError, recycledXi.totals().squaredError, 0.0);
    }

    private static Set<double[]> identitySet(BlockState s) {
        Set<double[]> set = Collections.newSetFromMap(new IdentityHashMap<>());
        s.forEachArray(set::add);
        return set;
    }

    private static double[][] snapshot(BlockState s) {
        double[][] copy = new double[3 * s.layers()][];
        for (int l = 1; l <= s.layers(); l++) {
            copy[3 * (l - 1)] = s.u(l).clone();
            copy[3 * (l - 1) + 1] = s.v(l).clone();
            copy[3 * (l - 1) + 2] = s.xi(l).clone();
        }
        return copy;
    }
}
