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
    void looseArraysJoinUnlessLiveAndWhatIsNotTakenRemains() {
        double[] u = new double[4];
        double[] v = new double[4];
        double[] xi = new double[4];
        double[] loose = new double[4];
        BlockState released = new BlockState(new double[][] {u}, new double[][] {v}, new double[][] {xi}, StepTotals.ZERO);
        BlockState live = new BlockState(new double[][] {new double[4]}, new double[][] {new double[4]},
                new double[][] {xi}, StepTotals.ZERO);
        SpareArrays spares = SpareArrays.of(List.of(released), List.of(loose, live.u(1)), List.of(live));
        assertEquals(3, spares.available(), "u, v and the loose array; not ξ or u of the live state");
        double[] taken = spares.take(4);
        assertEquals(1, spares.reused());
        spares.take(5);
        assertEquals(1, spares.reused(), "a new array is not counted as reused");
        Set<double[]> rest = Collections.newSetFromMap(new IdentityHashMap<>());
        rest.addAll(spares.remaining());
        assertEquals(2, rest.size());
        assertFalse(rest.contains(taken));
        assertTrue(difference(rest, Set.of(u, v, loose)).isEmpty(), "the rest is what was offered and not taken");
    }

    /**
     * (v,u) step, ξ update, (v,u) step, each writing into the generation two back plus what the step before left
     * unused: from the third step on nothing is allocated, although the ξ update needs one array per layer and the
     * (v,u) step two.
     */
    @Test
    void aStepAfterTheMultiplierUpdateAllocatesNothingWithTheArraysLeftOver() {
        RandomProblem p = new RandomProblem(8, 0.1, false, 7, 6, 5, 4, 3);
        VuStepCoefficients k = KernelsTest.coefficients(p, 0.9, 0.05, new double[] {0.3, 0.2, 0.4}, 0.01, 1.0 / 7);
        BlockState g0 = p.randomFeasibleState();
        // computed first: the recycled chain below overwrites g0's ξ, which g1 and g2 share, once g3 no longer does
        BlockState expected = VuStep.apply(p.block, MultiplierStep.apply(p.block,
                VuStep.apply(p.block, VuStep.apply(p.block, g0, p.weights, k), p.weights, k), p.weights, 0.9, p.alpha),
                p.weights, k);
        BlockState g1 = VuStep.apply(p.block, g0, p.weights, k);
        BlockState g2 = VuStep.apply(p.block, g1, p.weights, k);                   // new arrays so far
        BlockScratch s3 = new BlockScratch(SpareArrays.of(List.of(g1), List.of(), List.of(g2)));
        BlockState g3 = MultiplierStep.apply(p.block, g2, p.weights, 0.9, p.alpha, s3);
        List<double[]> left = s3.unusedSpares();
        assertEquals(p.shape.layers(), left.size(), "g1's u and v offered two per layer, the ξ update took one");
        // g4 from g3: g2's arrays minus those g3 shares (u, v), plus what s3 left
        Set<double[]> candidates = identitySet(g2);
        candidates.addAll(left);
        BlockScratch s4 = new BlockScratch(SpareArrays.of(List.of(g2), left, List.of(g3)));
        BlockState g4 = VuStep.apply(p.block, g3, p.weights, k, s4);
        for (int l = 1; l <= p.shape.layers(); l++) {
            assertTrue(candidates.contains(g4.u(l)) && candidates.contains(g4.v(l)), "layer " + l + " allocated");
            assertArrayEquals(expected.u(l), g4.u(l), 0.0);
            assertArrayEquals(expected.v(l), g4.v(l), 0.0);
            assertTrue(g4.xi(l) == g3.xi(l));
        }
        assertEquals(0, s4.unusedSpares().size(), "g2's ξ and the leftovers were all used");
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
