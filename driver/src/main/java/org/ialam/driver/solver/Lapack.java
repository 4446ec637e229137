package org.ialam.driver.solver;

import dev.ludovic.netlib.lapack.LAPACK;

/**
 * Which LAPACK the driver uses for the support steps' Cholesky factorisations ({@link ScaledGroupLasso}) and the
 * spectral norms of ialam.md §4.2: {@code dev.ludovic.netlib.lapack.JNILAPACK} when the machine has
 * {@code liblapack.so.3}, else netlib's Java translation. Reported beside the BLAS because the two are found
 * separately: a machine can have one native library and not the other.
 */
public final class Lapack {
    private Lapack() {
    }

    /** Class name of the LAPACK implementation in use. */
    public static String implementation() {
        return LAPACK.getInstance().getClass().getName();
    }
}
