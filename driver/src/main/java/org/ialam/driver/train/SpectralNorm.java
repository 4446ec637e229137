package org.ialam.driver.train;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * ||W||₂, the largest singular value, for the proximal weights τ_l = ρ(||W_l||₂² + 1) + τ_1 of ialam.md §4.2.
 *
 * <p>Computed as the square root of the largest eigenvalue of the smaller of W Wᵀ and WᵀW by LAPACK's
 * {@code dsyev}, not by power iteration: τ_l must be an upper bound of ρ||[−W_l I]||₂² for the (v,u) step to be a
 * descent step, and power iteration approaches the norm from below. The Gram matrix is at most
 * min(N_l, N_{l−1})², small next to everything else done per inner iteration.
 */
public final class SpectralNorm {
    private SpectralNorm() {
    }

    /** ||W||₂ of the m × k column-major matrix stored in the first m·k entries of {@code w}. */
    public static double of(double[] w, int m, int k) {
        int q = Math.min(m, k);
        double[] gram = new double[q * q];
        if (m <= k) {
            BLAS.getInstance().dsyrk("U", "N", m, k, 1.0, w, m, 0.0, gram, q);   // W Wᵀ
        } else {
            BLAS.getInstance().dsyrk("U", "T", k, m, 1.0, w, m, 0.0, gram, q);   // WᵀW
        }
        double[] eigenvalues = new double[q];
        double[] query = new double[1];
        intW info = new intW(0);
        LAPACK lapack = LAPACK.getInstance();
        lapack.dsyev("N", "U", q, gram.clone(), q, eigenvalues, query, -1, info);
        double[] work = new double[Math.max(1, (int) query[0])];
        lapack.dsyev("N", "U", q, gram, q, eigenvalues, work, work.length, info);
        if (info.val != 0) {
            throw new ArithmeticException("dsyev failed with info " + info.val + " on a " + q + "×" + q + " Gram matrix");
        }
        return Math.sqrt(Math.max(0, eigenvalues[q - 1]));
    }
}
