package org.ialam.ops;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Layer widths N_0 (inputs), N_1, …, N_L (outputs) of a fully connected network (ialam.md §1). Layer l maps
 * N_{l-1} values to N_l through W_l ∈ R^{N_l × N_{l-1}} and b_l ∈ R^{N_l}.
 */
public final class NetworkShape implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] widths;

    public NetworkShape(int... widths) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output width, got "
                    + Arrays.toString(widths));
        }
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("layer widths must be positive, got " + Arrays.toString(widths));
            }
        }
        this.widths = widths.clone();
    }

    /** N_0 = {@code inputs}, the hidden widths, N_L = {@code outputs}. */
    public static NetworkShape of(int inputs, int[] hidden, int outputs) {
        int[] widths = new int[hidden.length + 2];
        widths[0] = inputs;
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = outputs;
        return new NetworkShape(widths);
    }

    /** L, the number of weight layers. */
    public int layers() {
        return widths.length - 1;
    }

    /** N_l for l = 0..L. */
    public int width(int l) {
        return widths[l];
    }

    public int inputs() {
        return widths[0];
    }

    public int outputs() {
        return widths[widths.length - 1];
    }

    /** Σ_{l=1..L} N_l: the number of u (or v, or ξ) values per sample. */
    public int auxiliaryPerSample() {
        int total = 0;
        for (int l = 1; l < widths.length; l++) {
            total += widths[l];
        }
        return total;
    }

    /** Σ_{l=0..L-1} N_l: the number of weight columns (groups) in all W_l. */
    public int weightColumns() {
        int total = 0;
        for (int l = 0; l < widths.length - 1; l++) {
            total += widths[l];
        }
        return total;
    }

    public int[] widths() {
        return widths.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape other && Arrays.equals(widths, other.widths);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths);
    }

    /** "784-200-100-10". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            s.append(i == 0 ? "" : "-").append(widths[i]);
        }
        return s.toString();
    }
}
