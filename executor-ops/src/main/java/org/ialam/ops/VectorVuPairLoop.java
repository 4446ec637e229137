package org.ialam.ops;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VuPairLoop} on the JDK's Vector API (incubating in Java 17; needs {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Per vector of coordinates both branches of {@link VuPairSolver#solve} are evaluated, each with exactly the
 * scalar code's operations in the scalar code's order (Java evaluates left to right and contracts nothing into fused
 * multiply-adds; neither does this), and every lane takes the branch and the candidate the scalar code would take,
 * with the same strict and non-strict comparisons, so ties and NaNs go the same way. lanewise MIN and MAX are defined
 * as Math.min and Math.max, signed zeros included. The results are therefore bit-identical to the scalar loop's, and
 * the sums are added afterwards in coordinate order for the same reason.
 *
 * <p>The ReLU case α = 0 with p &lt; 0 has a branch of its own in the solver; a layer with α = 0 is left to
 * {@link ScalarVuPairLoop}. Loaded only through {@link VuPairLoop#fastest()}, after checking that the module is
 * present.
 */
final class VectorVuPairLoop implements VuPairLoop {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Coordinates per chunk: a multiple of every vector length; the six arrays the two loops touch hold 48 KB. */
    private static final int CHUNK = 1024;

    @Override
    public void solve(VuPairSolver k, int count, double[] uOld, double[] vOld, double[] g, double inverseR,
            double dScale, double[] s, double[] h, double[] vOut, double[] uOut, double[] totals) {
        if (k.alpha == 0) {
            ScalarVuPairLoop.INSTANCE.solve(k, count, uOld, vOld, g, inverseR, dScale, s, h, vOut, uOut, totals);
            return;
        }
        int vectorEnd = SPECIES.loopBound(count);
        // Two loops per chunk, one per sign branch of p: a single loop body with both branches is more than C2 inlines
        // into one method (its inlining budget ran out and left vector operations as boxed calls, 20 times slower);
        // each of these fits. A chunk's arrays are still in cache when the second loop reads them again.
        for (int from = 0; from < vectorEnd; from += CHUNK) {
            int to = Math.min(from + CHUNK, vectorEnd);
            nonNegativeBranch(k, from, to, uOld, g, inverseR, dScale, s, h, vOut, uOut);
            negativeBranch(k, from, to, uOld, g, inverseR, dScale, s, h, vOut, uOut);
        }
        int i = vectorEnd;
        double[] pair = new double[2];
        for (; i < count; i++) {
            double a = uOld[i] - g[i] * inverseR;
            double d = h != null ? dScale * s[i] + h[i] : dScale * s[i];
            k.solve(d, a, pair, 0);
            vOut[i] = pair[0];
            uOut[i] = pair[1];
        }
        addTotals(count, uOld, vOld, vOut, uOut, totals);
    }

    /** a = u^j − g/r. */
    private static DoubleVector centre(int i, double[] uOld, double[] g, double inverseR) {
        return DoubleVector.fromArray(SPECIES, uOld, i).sub(DoubleVector.fromArray(SPECIES, g, i).mul(inverseR));
    }

    /** d = dScale·s + h, or dScale·s without h. */
    private static DoubleVector linear(int i, double dScale, double[] s, double[] h) {
        DoubleVector d = DoubleVector.fromArray(SPECIES, s, i).mul(dScale);
        return h == null ? d : d.add(DoubleVector.fromArray(SPECIES, h, i));
    }

    /**
     * The p ≥ 0 branch for every lane of [from, to): A1 v = p, u1 ∈ [0, p];  A2 v = p, u2 ≤ 0;  A3 v = u3 ≥ p.
     * Written for all lanes; {@link #negativeBranch} overwrites those with p &lt; 0.
     */
    private static void nonNegativeBranch(VuPairSolver k, int from, int to, double[] uOld, double[] g,
            double inverseR, double dScale, double[] s, double[] h, double[] vOut, double[] uOut) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = from; i < to; i += SPECIES.length()) {
            DoubleVector a = centre(i, uOld, g, inverseR);
            DoubleVector d = linear(i, dScale, s, h);
            DoubleVector p = d.sub(k.beta).mul(k.inverseC);
            DoubleVector atP = p.mul(k.halfC).sub(d).add(k.beta).mul(p);
            DoubleVector u1 = a.add(k.betaOverR).max(zero).min(p);
            DoubleVector u2 = a.add(k.alphaBetaOverR).min(zero);
            DoubleVector u3 = d.add(a.mul(k.r)).mul(k.inverseCPlusR).max(p);
            DoubleVector du1 = u1.sub(a);
            DoubleVector f1 = atP.add(du1.mul(k.halfR).mul(du1)).sub(u1.mul(k.beta));
            DoubleVector du2 = u2.sub(a);
            DoubleVector f2 = atP.add(du2.mul(k.halfR).mul(du2)).sub(u2.mul(k.alphaBeta));
            DoubleVector f3 = onDiagonal(k, d, a, u3);
            VectorMask<Double> take2 = f2.compare(VectorOperators.LT, f1).and(f2.compare(VectorOperators.LE, f3));
            VectorMask<Double> take3 = take2.not().and(f3.compare(VectorOperators.LT, f1));
            p.blend(u3, take3).intoArray(vOut, i);
            u1.blend(u2, take2).blend(u3, take3).intoArray(uOut, i);
        }
    }

    /**
     * The p &lt; 0 branch (α &gt; 0, t = p/α) for the lanes of [from, to) with p &lt; 0 (not p ≥ 0, so NaN too, as in
     * the scalar code): A2 v = p, u2 ≤ t;  A3 v = u3 ≥ 0;  A4 v = αu4, u4 ∈ [t, 0].
     */
    private static void negativeBranch(VuPairSolver k, int from, int to, double[] uOld, double[] g, double inverseR,
            double dScale, double[] s, double[] h, double[] vOut, double[] uOut) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = from; i < to; i += SPECIES.length()) {
            DoubleVector a = centre(i, uOld, g, inverseR);
            DoubleVector d = linear(i, dScale, s, h);
            DoubleVector p = d.sub(k.beta).mul(k.inverseC);
            VectorMask<Double> negative = p.compare(VectorOperators.GE, 0.0).not();
            DoubleVector t = p.mul(k.inverseAlpha);
            DoubleVector u2 = a.add(k.alphaBetaOverR).min(t);
            DoubleVector u3 = d.add(a.mul(k.r)).mul(k.inverseCPlusR).max(zero);
            DoubleVector u4 = d.mul(k.alpha).add(a.mul(k.r)).mul(k.inverseAlphaSquaredCPlusR).max(t).min(zero);
            DoubleVector du2 = u2.sub(a);
            DoubleVector f2 = p.mul(k.halfC).sub(d).add(k.beta).mul(p).add(du2.mul(k.halfR).mul(du2))
                    .sub(u2.mul(k.alphaBeta));
            DoubleVector f3 = onDiagonal(k, d, a, u3);
            DoubleVector v4 = u4.mul(k.alpha);
            DoubleVector du4 = u4.sub(a);
            DoubleVector f4 = v4.mul(k.halfC).sub(d).mul(v4).add(du4.mul(k.halfR).mul(du4));
            VectorMask<Double> take2 = f2.compare(VectorOperators.LE, f3).and(f2.compare(VectorOperators.LE, f4));
            VectorMask<Double> take4 = take2.not().and(f4.compare(VectorOperators.LT, f3));
            DoubleVector v = u3.blend(v4, take4).blend(p, take2);
            DoubleVector u = u3.blend(u4, take4).blend(u2, take2);
            DoubleVector.fromArray(SPECIES, vOut, i).blend(v, negative).intoArray(vOut, i);
            DoubleVector.fromArray(SPECIES, uOut, i).blend(u, negative).intoArray(uOut, i);
        }
    }

    /** (c/2)u² − du + (r/2)(u − a)², as {@code VuPairSolver.onDiagonal}. */
    private static DoubleVector onDiagonal(VuPairSolver k, DoubleVector d, DoubleVector a, DoubleVector u) {
        DoubleVector du = u.sub(a);
        return u.mul(k.halfC).sub(d).mul(u).add(du.mul(k.halfR).mul(du));
    }

    private static void addTotals(int count, double[] uOld, double[] vOld, double[] vOut, double[] uOut,
            double[] totals) {
        double changeSquared = totals[0];
        double normSquared = totals[1];
        for (int i = 0; i < count; i++) {
            double dv = vOut[i] - vOld[i];
            double du = uOut[i] - uOld[i];
            changeSquared += dv * dv + du * du;
            normSquared += vOut[i] * vOut[i] + uOut[i] * uOut[i];
        }
        totals[0] = changeSquared;
        totals[1] = normSquared;
    }

    @Override
    public String description() {
        return "Vector API, " + SPECIES.vectorBitSize() + "-bit";
    }
}
