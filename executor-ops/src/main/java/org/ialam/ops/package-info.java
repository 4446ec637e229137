/**
 * Per-partition numeric kernels of IALAM (Liu, Liu &amp; Chen, JMLR 2023), on plain arrays.
 *
 * <p>Everything here runs where the samples live and knows nothing of Spark: a {@link org.ialam.ops.SampleBlock}
 * holds the fixed inputs and targets of a contiguous run of samples, a {@link org.ialam.ops.BlockState} the
 * per-sample variables {@code u, v, ξ} of every layer, all as dense column-major matrices with one column per
 * sample, so that every per-sample product of the algorithm becomes one matrix–matrix product per layer.
 *
 * <ul>
 *   <li>{@link org.ialam.ops.VuPairSolver}: the closed-form scalar (v,u) problem of ialam.md §4.2;</li>
 *   <li>{@link org.ialam.ops.VuStep}: the Jacobi (v,u) step of a whole block;</li>
 *   <li>{@link org.ialam.ops.MultiplierStep}: the ξ update of §3 step 2, with the residual and fit totals;</li>
 *   <li>{@link org.ialam.ops.SufficientStatistics}: the statistics G and C of the (W,b) problem of §4.1;</li>
 *   <li>{@link org.ialam.ops.ForwardPass}: the network function F of §1.</li>
 * </ul>
 */
package org.ialam.ops;
