package org.ialam.ops;

/**
 * The leaky ReLU σ(z) = max(z, αz), 0 ≤ α &lt; 1, applied at every layer including the output (ialam.md §1).
 * α = 0 is the plain ReLU of §7.
 */
public final class LeakyRelu {
    private LeakyRelu() {
    }

    /** σ(z) = max(z, αz); for 0 ≤ α &lt; 1 this is z when z ≥ 0 and αz otherwise. */
    public static double apply(double z, double alpha) {
        return z >= 0 ? z : alpha * z;
    }

    /** Applies σ elementwise in place to {@code values[0..length)}. */
    public static void applyInPlace(double[] values, int length, double alpha) {
        for (int i = 0; i < length; i++) {
            double z = values[i];
            if (z < 0) {
                values[i] = alpha * z;
            }
        }
    }
}
