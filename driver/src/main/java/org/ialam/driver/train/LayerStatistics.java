package org.ialam.driver.train;

import org.ialam.ops.NetworkShape;
import org.ialam.ops.SufficientStatistics;

/**
 * The driver's copy of the latest sufficient statistics G_l, D_l = Σ u aᵀ, E_l = Σ ξ aᵀ of every layer
 * (ialam.md §4.1), or, for a layer whose (v,u) step gathered it directly, C_l = Σ (u + ξ/ρ) aᵀ at the inner loop's
 * ρ. A pass returns only the statistics that changed; {@link #absorb} replaces those and keeps the rest (G_1 for the
 * whole run, E_1 between multiplier updates). A fresh C_l makes that layer's D_l and E_l stale, and fresh D_l or E_l
 * make its C_l stale: {@link #cross} refuses to combine stale statistics.
 */
final class LayerStatistics {
    private final NetworkShape shape;
    private final double[][] gram;
    private final double[][] uCross;
    private final double[][] xiCross;
    private final double[][] targetCross;
    private final double[] targetRho;

    LayerStatistics(NetworkShape shape) {
        this.shape = shape;
        int layers = shape.layers();
        gram = new double[layers][];
        uCross = new double[layers][];
        xiCross = new double[layers][];
        targetCross = new double[layers][];
        targetRho = new double[layers];
    }

    /** Takes the statistics a pass returned; false when any of them is NaN or infinite. */
    boolean absorb(SufficientStatistics s) {
        boolean finite = true;
        for (int l = 1; l <= shape.layers(); l++) {
            double[] g = s.gram(l);
            if (g != null) {
                gram[l - 1] = g;
                finite &= allFinite(g);
            }
            double[] d = s.uCross(l);
            if (d != null) {
                uCross[l - 1] = d;
                finite &= allFinite(d);
            }
            double[] e = s.xiCross(l);
            if (e != null) {
                xiCross[l - 1] = e;
                finite &= allFinite(e);
            }
            double[] c = s.targetCross(l);
            if (c != null) {
                targetCross[l - 1] = c;
                targetRho[l - 1] = s.targetRho();
                finite &= allFinite(c);
                if (d == null) {
                    uCross[l - 1] = null;
                }
                if (e == null) {
                    xiCross[l - 1] = null;
                }
            } else if (d != null || e != null) {
                targetCross[l - 1] = null;
            }
        }
        return finite;
    }

    private static boolean allFinite(double[] a) {
        for (double x : a) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    double[] gram(int l) {
        return gram[l - 1];
    }

    /** C_l = Σ (u + ξ/ρ) aᵀ: as gathered at this ρ, or D_l + E_l/ρ. */
    double[] cross(int l, double rho) {
        double[] target = targetCross[l - 1];
        if (target != null && targetRho[l - 1] == rho) {
            return target.clone();
        }
        double[] d = uCross[l - 1];
        double[] e = xiCross[l - 1];
        if (d == null || e == null) {
            throw new IllegalStateException("layer " + l + ": no statistics for C at rho " + rho
                    + (target != null ? " (C was gathered at rho " + targetRho[l - 1] + ")" : ""));
        }
        double[] c = new double[d.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = d[i] + e[i] / rho;
        }
        return c;
    }
}
