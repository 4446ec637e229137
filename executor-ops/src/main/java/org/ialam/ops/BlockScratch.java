package org.ialam.ops;

import java.util.Arrays;

/**
 * Temporaries of the per-block kernels, kept across the blocks of one task. The (v,u) step's g_l and
 * W_{l+1}ᵀ g_{l+1} and the ξ update's affine images are N_l × (block size) doubles each, megabytes per block at MNIST
 * scale, which would otherwise be allocated, zeroed and collected anew for every block of every pass.
 *
 * <p>Reuse is safe because a temporary never leaves the kernel that fills it: arrays handed on in a {@link BlockState}
 * are always new (the cached previous generation must stay intact for recomputation). Contents are not cleared
 * between uses; every kernel overwrites what it then reads. Not thread-safe: one per task.
 */
public final class BlockScratch {
    private double[][] slots = new double[0][];

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
