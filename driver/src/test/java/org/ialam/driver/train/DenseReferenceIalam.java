package org.ialam.driver.train;

import org.ialam.driver.solver.GroupLassoSolver;
import org.ialam.ops.VuPairSolver;

/**
 * A plain, in-process, per-sample implementation of IALAM written from ialam.md §3–§5 with loops over samples and
 * coordinates and no blocks, no BLAS and no Spark. It shares only the two independently verified solvers
 * ({@link VuPairSolver}, checked by brute force, and {@link GroupLassoSolver}, checked by its optimality
 * conditions) with the product; the statistics, the (v,u) coefficients, the spectral norms, the ξ update and the ρ
 * rule are written again here from the formulas. The Spark pipeline must reproduce its iterates.
 */
final class DenseReferenceIalam {
    final int[] sizes;
    final int layers;
    final int n;
    final double[][] x;   // [sample][N_0]
    final double[][] y;   // [sample][N_L]
    final double[][][] u; // [sample][layer-1][N_l]
    final double[][][] v;
    final double[][][] xi;
    final double[][] w;   // W̃_l column-major, [layer-1]
    final IalamConfig config;
    double rho;
    final java.util.List<Double> residuals = new java.util.ArrayList<>();

    DenseReferenceIalam(int[] sizes, double[] features, double[] targets, int n, double[][] startWeights, IalamConfig config) {
        this.sizes = sizes;
        this.layers = sizes.length - 1;
        this.n = n;
        this.config = config;
        x = new double[n][];
        y = new double[n][];
        for (int s = 0; s < n; s++) {
            x[s] = java.util.Arrays.copyOfRange(features, s * sizes[0], (s + 1) * sizes[0]);
            y[s] = java.util.Arrays.copyOfRange(targets, s * sizes[layers], (s + 1) * sizes[layers]);
        }
        w = new double[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = startWeights[l].clone();
        }
        u = new double[n][layers][];
        v = new double[n][layers][];
        xi = new double[n][layers][];
        for (int s = 0; s < n; s++) {
            double[] prev = x[s];
            for (int l = 1; l <= layers; l++) {
                u[s][l - 1] = affine(l, prev);
                v[s][l - 1] = new double[sizes[l]];
                for (int i = 0; i < sizes[l]; i++) {
                    v[s][l - 1][i] = sigma(u[s][l - 1][i]);
                }
                xi[s][l - 1] = new double[sizes[l]];
                prev = v[s][l - 1];
            }
        }
        rho = config.rho0PerSample / n;
    }

    private double sigma(double z) {
        return Math.max(z, config.alpha * z);
    }

    double[] activation(int s, int l) {
        return l == 0 ? x[s] : v[s][l - 1];
    }

    /** W_l a + b_l. */
    double[] affine(int l, double[] a) {
        int m = sizes[l];
        int k = sizes[l - 1];
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            double sum = w[l - 1][m * k + i];
            for (int j = 0; j < k; j++) {
                sum += w[l - 1][j * m + i] * a[j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** One outer iteration: J_max inner iterations, the ξ update and the ρ rule. Returns false when ρ is exhausted. */
    boolean outerIteration() {
        for (int j = 0; j < config.maxInner; j++) {
            weightStep();
            vuStep();
        }
        double residualSq = 0;
        double xiSq = 0;
        for (int s = 0; s < n; s++) {
            for (int l = 1; l <= layers; l++) {
                double[] z = affine(l, activation(s, l - 1));
                for (int i = 0; i < sizes[l]; i++) {
                    double r = u[s][l - 1][i] - z[i];
                    xi[s][l - 1][i] += rho * r;
                    residualSq += r * r;
                    xiSq += xi[s][l - 1][i] * xi[s][l - 1][i];
                }
            }
        }
        double residual = Math.sqrt(residualSq);
        int k = residuals.size() + 1;
        boolean keep = k <= config.gamma;
        if (!keep) {
            double recent = 0;
            for (int t = k - config.gamma; t < k; t++) {
                recent = Math.max(recent, residuals.get(t - 1));
            }
            keep = residual <= config.eta1 * recent;
        }
        residuals.add(residual);
        if (!keep) {
            rho = Math.max(config.eta2 * rho, Math.pow(Math.sqrt(xiSq), 1 + config.eta3));
        }
        return rho <= config.rhoLimitFactor * config.rho0PerSample / n;
    }

    /** §4.1 with G and C summed sample by sample. */
    void weightStep() {
        GroupLassoSolver solver = new GroupLassoSolver(config.solverTolerance, config.solverMaxIterations)
                .withBiasLowerBound(config.biasLowerBound);
        for (int l = 1; l <= layers; l++) {
            int m = sizes[l];
            int p = sizes[l - 1] + 1;
            double[] g = new double[p * p];
            double[] c = new double[m * p];
            for (int s = 0; s < n; s++) {
                double[] a = new double[p];
                System.arraycopy(activation(s, l - 1), 0, a, 0, p - 1);
                a[p - 1] = 1;
                for (int jj = 0; jj < p; jj++) {
                    for (int i = 0; i < p; i++) {
                        g[jj * p + i] += a[i] * a[jj];
                    }
                    for (int i = 0; i < m; i++) {
                        c[jj * m + i] += (u[s][l - 1][i] + xi[s][l - 1][i] / rho) * a[jj];
                    }
                }
            }
            w[l - 1] = solver.solve(g, c, m, p, rho, config.lambdaW, w[l - 1]).solution();
        }
    }

    /** §4.2 with the coefficient tables written out per coordinate, all from the old point. */
    void vuStep() {
        double tau1 = config.tau1PerSample / n;
        double lambdaV = config.lambdaVPerSample / n;
        double beta = config.betaPerSample / n;
        double[] tau = new double[layers + 1];
        tau[1] = tau1;
        for (int l = 2; l <= layers; l++) {
            double norm = powerIterationNorm(l);
            tau[l] = rho * (norm * norm + 1) + tau1;
        }
        double[][][] uNew = new double[n][layers][];
        double[][][] vNew = new double[n][layers][];
        double[] pair = new double[2];
        for (int s = 0; s < n; s++) {
            double[][] z = new double[layers + 1][];
            double[][] g = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                z[l] = affine(l, activation(s, l - 1));
                g[l] = new double[sizes[l]];
                for (int i = 0; i < sizes[l]; i++) {
                    g[l][i] = xi[s][l - 1][i] + rho * (u[s][l - 1][i] - z[l][i]);
                }
            }
            for (int l = 1; l <= layers; l++) {
                int m = sizes[l];
                uNew[s][l - 1] = new double[m];
                vNew[s][l - 1] = new double[m];
                for (int i = 0; i < m; i++) {
                    double uj = u[s][l - 1][i];
                    double vj = v[s][l - 1][i];
                    double r;
                    double a;
                    if (l == 1) {
                        r = rho + tau1;
                        a = (rho * z[1][i] - xi[s][0][i] + tau1 * uj) / (rho + tau1);
                    } else {
                        r = tau[l];
                        a = uj - g[l][i] / tau[l];
                    }
                    double c;
                    double d;
                    if (l < layers) {
                        int mNext = sizes[l + 1];
                        double wtg = 0;
                        for (int q = 0; q < mNext; q++) {
                            wtg += w[l][i * mNext + q] * g[l + 1][q];
                        }
                        c = tau[l + 1] + 2 * lambdaV;
                        d = tau[l + 1] * vj + wtg;
                    } else {
                        c = 2.0 / n + 2 * lambdaV;
                        d = 2 * y[s][i] / n;
                    }
                    VuPairSolver.solve(c, d, r, a, beta, config.alpha, pair, 0);
                    vNew[s][l - 1][i] = pair[0];
                    uNew[s][l - 1][i] = pair[1];
                }
            }
        }
        for (int s = 0; s < n; s++) {
            u[s] = uNew[s];
            v[s] = vNew[s];
        }
    }

    /** ||W_l||₂ by power iteration on WᵀW, run to convergence in double precision. */
    double powerIterationNorm(int l) {
        int m = sizes[l];
        int k = sizes[l - 1];
        double[] a = w[l - 1];
        double[] q = new double[k];
        java.util.Arrays.fill(q, 1.0 / Math.sqrt(k));
        double lambda = 0;
        for (int it = 0; it < 100000; it++) {
            double[] t = new double[m];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    t[i] += a[j * m + i] * q[j];
                }
            }
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < m; i++) {
                    z[j] += a[j * m + i] * t[i];
                }
            }
            double norm = 0;
            for (double e : z) {
                norm += e * e;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 0;
            }
            for (int j = 0; j < k; j++) {
                q[j] = z[j] / norm;
            }
            if (Math.abs(norm - lambda) <= 1e-16 * norm && it > 10) {
                lambda = norm;
                break;
            }
            lambda = norm;
        }
        return Math.sqrt(lambda);
    }
}
