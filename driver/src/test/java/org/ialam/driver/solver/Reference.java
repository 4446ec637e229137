package org.ialam.driver.solver;

/**
 * A deliberately plain reference for tiny problems: proximal gradient with the constant step 1/L,
 * L = ρ λ_max(G) from a long power iteration, no BB steps, no line search, no scaling, no screening.
 * Linear convergence at rate 1 − λ_min(G)/λ_max(G) makes 10⁵ iterations exact to rounding on the
 * well-conditioned tiny problems it is used for.
 */
final class Reference {
    private Reference() {
    }

    static double[] solve(Problems pr, double lambda, double lowerBound, int iterations) {
        int m = pr.m;
        int p = pr.p;
        double step = 1 / (pr.rho * largestEigenvalue(pr.gram, p));
        double[] w = new double[m * p];
        for (int i = (p - 1) * m; i < p * m; i++) {
            w[i] = Math.max(0, lowerBound);
        }
        for (int it = 0; it < iterations; it++) {
            double[] gradient = Optimality.gradient(pr, w);
            for (int k = 0; k < m * p; k++) {
                w[k] -= step * gradient[k];
            }
            for (int j = 0; j < p - 1; j++) {
                double norm = Optimality.columnNorm(w, m, j);
                double shrink = norm > 0 ? Math.max(0, 1 - step * lambda / norm) : 0;
                for (int i = j * m; i < (j + 1) * m; i++) {
                    w[i] *= shrink;
                }
            }
            for (int i = (p - 1) * m; i < p * m; i++) {
                w[i] = Math.max(w[i], lowerBound);
            }
        }
        return w;
    }

    static double largestEigenvalue(double[] a, int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1);
        double estimate = 0;
        for (int it = 0; it < 10_000; it++) {
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    y[i] += a[i + j * n] * x[j];
                }
            }
            double norm = 0;
            for (double v : y) {
                norm += v * v;
            }
            estimate = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                x[i] = y[i] / estimate;
            }
        }
        return estimate;
    }
}
