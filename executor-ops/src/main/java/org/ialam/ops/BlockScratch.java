package org.ialam.ops;

import java.util.Arrays;

/**
 * Temporaries of the per-block kernels, kept across the blocks of one task. The (v,u) step's g_l and
 * W_{l+1}ᵀ g_{l+1} and the ξ update's affine images are N_l × (block size) doubles each, megabytes per block at MNIST
 * scale, which would otherwise be allocated, zeroed and collected anew for every block of every pass.
 *
 * <p>Reuse is safe because a temporary never leaves the kernel that fills it: arrays handed on in a {@link BlockState}
 * are never temporaries and never arrays of the input state (the cached previous generation must stay intact for
 * recomputation); they come from {@link #output}: new, or recycled from a released generation ({@link SpareArrays}).
 * Contents are not cleared between uses; every kernel overwrites what it then reads. Not thread-safe: one per task.
 */
public final class BlockScratch {
    private double[][] slots = new double[0][];
    private final SpareArrays spares;

    /** Temporaries only; output arrays are new. */
    public BlockScratch() {
        this(SpareArrays.none());
    }

    /** Output arrays are taken from {@code spares} while it has some of the size asked for. */
    public BlockScratch(SpareArrays spares) {
        this.spares = spares;
    }

    /**
     * An array of exactly {@code length} doubles for the new state, with arbitrary contents: the kernel overwrites
     * every element.
     */
    public double[] output(int length) {
        return spares.take(length);
    }

    /** How many {@link #output} arrays were recycled rather than new. */
    public int recycledOutputs() {
        return spares.reused();
    }

    /** The spare arrays no {@link #output} call took ({@link SpareArrays#remaining}). */
    public java.util.List<double[]> unusedSpares() {
        return spares.remaining();
    }

    /** An array of at least {@code size} doubles, the same one for the same slot until a larger size is asked for. */
    public double[] get(int slot, int size) {
        if (slot >= slots.length) {
            slots = Arrays.copyOf(slots, slot + 1);
        }
        double[] a = slots[slot];
        if (a == null || a.length < size) {
            a = new double[size];
            slots[slot] = a;
        }
        return a;
    }
}
