package org.ialam.driver.train;

import org.ialam.ops.NetworkShape;
import org.ialam.ops.SufficientStatistics;

/**
 * The driver's copy of the latest sufficient statistics G_l, D_l = Σ u aᵀ, E_l = Σ ξ aᵀ of every layer
 * (ialam.md §4.1). A pass returns only the statistics that changed; {@link #absorb} replaces those and keeps the
 * rest (G_1 for the whole run, E_1 between multiplier updates).
 */
final class LayerStatistics {
    private final NetworkShape shape;
    private final double[][] gram;
    private final double[][] uCross;
    private final double[][] xiCross;

    LayerStatistics(NetworkShape shape) {
        this.shape = shape;
        int layers = shape.layers();
        gram = new double[layers][];
        uCross = new double[layers][];
        xiCross = new double[layers][];
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

    /** C_l = Σ (u + ξ/ρ) aᵀ = D_l + E_l/ρ. */
    double[] cross(int l, double rho) {
        double[] d = uCross[l - 1];
        double[] e = xiCross[l - 1];
        double[] c = new double[d.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = d[i] + e[i] / rho;
        }
        return c;
    }
}
