package org.ialam.ops;

/** {@link VuPairLoop} one pair at a time through {@link VuPairSolver#solve}: the reference, and the fallback. */
public final class ScalarVuPairLoop implements VuPairLoop {
    public static final ScalarVuPairLoop INSTANCE = new ScalarVuPairLoop();

    private ScalarVuPairLoop() {
    }

    @Override
    public void solve(VuPairSolver pairs, int count, double[] uOld, double[] vOld, double[] g, double inverseR,
            double dScale, double[] s, double[] h, double[] vOut, double[] uOut, double[] totals) {
        double[] pair = new double[2];
        double changeSquared = totals[0];
        double normSquared = totals[1];
        for (int i = 0; i < count; i++) {
            double uj = uOld[i];
            double vj = vOld[i];
            double a = uj - g[i] * inverseR;
            double d = h != null ? dScale * s[i] + h[i] : dScale * s[i];
            pairs.solve(d, a, pair, 0);
            vOut[i] = pair[0];
            uOut[i] = pair[1];
            double dv = pair[0] - vj;
            double du = pair[1] - uj;
            changeSquared += dv * dv + du * du;
            normSquared += pair[0] * pair[0] + pair[1] * pair[1];
        }
        totals[0] = changeSquared;
        totals[1] = normSquared;
    }

    @Override
    public String description() {
        return "scalar Java";
    }
}
