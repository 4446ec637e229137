package org.ialam.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arrays of a released generation of {@link BlockState}s, which a step may overwrite to hold its output instead of
 * allocating new ones.
 *
 * <p>A (v,u) step writes 2 Σ N_l doubles per sample into new arrays: 300 MB per pass at MNIST scale. The new state
 * outlives several young collections (it is cached until the next pass replaces it), so each pass's state would be
 * allocated, then copied by the collector, while the state two generations back, of the same sizes, becomes garbage.
 * Writing into that garbage instead keeps the state in place. Whoever builds a {@code SpareArrays} vouches that
 * nothing will read the released states again; this class only makes sure that arrays still referenced by the live
 * generation (the arrays a step shares with its input: ξ in the (v,u) step, u and v in the ξ update) are never
 * handed out.
 *
 * <p>A step must overwrite every element of an array it takes: contents are whatever the released state held. Not
 * thread-safe: one per task.
 */
public final class SpareArrays {
    private final Map<Integer, ArrayDeque<double[]>> byLength = new HashMap<>();
    private int reused;

    private SpareArrays() {
    }

    /** No spares: every {@link #take} allocates. */
    public static SpareArrays none() {
        return new SpareArrays();
    }

    /**
     * The arrays of {@code released} that no state of {@code live} references (null entries are skipped). Each array
     * is handed out at most once, however many released states share it.
     */
    public static SpareArrays of(List<BlockState> released, List<BlockState> live) {
        return of(released, List.of(), live);
    }

    /**
     * As {@link #of(List, List)}, plus {@code loose}: arrays that a step was given and did not use (see
     * {@link #remaining}), unless {@code live} references them.
     */
    public static SpareArrays of(List<BlockState> released, List<double[]> loose, List<BlockState> live) {
        Set<double[]> excluded = Collections.newSetFromMap(new IdentityHashMap<>());
        for (BlockState s : live) {
            if (s != null) {
                s.forEachArray(excluded::add);
            }
        }
        SpareArrays spares = new SpareArrays();
        for (BlockState s : released) {
            if (s != null) {
                s.forEachArray(a -> spares.addUnless(excluded, a));
            }
        }
        loose.forEach(a -> spares.addUnless(excluded, a));
        return spares;
    }

    /** Adds {@code a} if it is not in {@code excluded}, and excludes it from then on (no array twice). */
    private void addUnless(Set<double[]> excluded, double[] a) {
        if (excluded.add(a)) {
            byLength.computeIfAbsent(a.length, n -> new ArrayDeque<>()).add(a);
        }
    }

    /**
     * The arrays not taken, which nobody else references: the next step can have them too. A ξ update needs one array
     * per layer where its spares (u and v two generations back) offer two, and the (v,u) step after it needs two where
     * its spares (ξ) offer one; without passing the rest on, that step would allocate half its output.
     */
    public List<double[]> remaining() {
        List<double[]> rest = new ArrayList<>();
        byLength.values().forEach(rest::addAll);
        return rest;
    }

    /** A spare array of exactly {@code length} doubles with arbitrary contents, or a new (zeroed) one. */
    public double[] take(int length) {
        ArrayDeque<double[]> spares = byLength.get(length);
        double[] a = spares == null ? null : spares.poll();
        if (a == null) {
            return new double[length];
        }
        reused++;
        return a;
    }

    /** How many {@link #take} calls returned a spare rather than a new array. */
    public int reused() {
        return reused;
    }

    /** Arrays not yet taken. */
    public int available() {
        int count = 0;
        for (ArrayDeque<double[]> d : byLength.values()) {
            count += d.size();
        }
        return count;
    }
}
