package org.ialam.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What {@link Blas} reports about itself: the run headers, provenance and the benchmark print it. */
class BlasTest {
    @Test
    void theKernelsReportedAreTheOnesTheEnvironmentAskedFor() {
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        String expected;
        if (!Blas.implementation().equals("dev.ludovic.netlib.blas.JNIBLAS")) {
            expected = Blas.NO_KERNELS;
        } else if (coreType == null || coreType.isEmpty()) {
            expected = "OPENBLAS_CORETYPE unset";
        } else {
            expected = "OPENBLAS_CORETYPE=" + coreType;
        }
        assertEquals(expected, Blas.kernels());
    }
}
