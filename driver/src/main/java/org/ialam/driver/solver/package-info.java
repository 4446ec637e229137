/**
 * Driver-side solvers for the subproblems of the inexact augmented Lagrangian method (ialam.md §4).
 *
 * <p>{@link org.ialam.driver.solver.GroupLassoSolver} solves the (W,b) step of one layer (ialam.md §4.1),
 * a group-lasso least-squares problem in the aggregated sufficient statistics G and C, to a tolerance on
 * its first-order optimality residual; {@link org.ialam.driver.solver.GroupLassoResult} reports the
 * solution, the residual and why the solver stopped ({@link org.ialam.driver.solver.GroupLassoStop}).
 * {@link org.ialam.driver.solver.PreparedGram} holds what a solve derives from G alone, so that the solves on one G
 * (layer 1's, which depends on the inputs only) derive it once.
 * Matrices are dense column-major {@code double[]}, the netlib convention, and the products go through
 * {@code dev.ludovic.netlib} BLAS/LAPACK, native when the machine provides it.
 */
package org.ialam.driver.solver;
