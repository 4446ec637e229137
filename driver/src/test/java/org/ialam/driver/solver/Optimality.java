package org.ialam.driver.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

/**
 * First-order optimality of ialam.md §4.1, computed independently of the solver (plain loops, no BLAS):
 * with {@code ∇ = ρ(W̃G − C)}, a zero weight column needs {@code ||∇_j|| ≤ λ}, a non-zero one
 * {@code ∇_j + λ w_j/||w_j|| = 0}, the bias {@code ∇_b = 0} (or, at a lower bound, {@code ∇_{b,i} ≥ 0}).
 */
final class Optimality {
    private Optimality() {
    }

    static double[] gradient(Problems pr, double[] w) {
        int m = pr.m;
        int p = pr.p;
        double[] gradient = new double[m * p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                double g = pr.gram[k + j * p];
                if (g != 0) {
                    for (int i = 0; i < m; i++) {
                        gradient[i + j * m] += w[i + k * m] * g;
                    }
                }
            }
            for (int i = 0; i < m; i++) {
                gradient[i + j * m] = pr.rho * (gradient[i + j * m] - pr.cross[i + j * m]);
            }
        }
        return gradient;
    }

    static double columnNorm(double[] a, int m, int j) {
        double sum = 0;
        for (int i = j * m; i < (j + 1) * m; i++) {
            sum += a[i] * a[i];
        }
        return Math.sqrt(sum);
    }

    /** The solver's documented scale: max(λ, max_j ||ρC_j||). */
    static double scale(Problems pr, double lambda) {
        double scale = lambda;
        for (int j = 0; j < pr.p; j++) {
            scale = Math.max(scale, pr.rho * columnNorm(pr.cross, pr.m, j));
        }
        return scale;
    }

    /**
     * The smallest λ at which every weight column is zero at the optimum: with W = 0 the bias optimum is
     * b = C_b / G_bb, and λ must dominate every weight column's gradient there.
     */
    static double lambdaAllZero(Problems pr) {
        int m = pr.m;
        int p = pr.p;
        double[] w = new double[m * p];
        for (int i = 0; i < m; i++) {
            w[i + (p - 1) * m] = pr.cross[i + (p - 1) * m] / pr.gram[p * p - 1];
        }
        double[] gradient = gradient(pr, w);
        double largest = 0;
        for (int j = 0; j < p - 1; j++) {
            largest = Math.max(largest, columnNorm(gradient, m, j));
        }
        return largest;
    }

    /** The largest KKT violation divided by the scale: what the solver's relativeKktResidual() reports. */
    static double relativeResidual(Problems pr, double lambda, double lowerBound, double[] w) {
        int m = pr.m;
        int p = pr.p;
        double[] gradient = gradient(pr, w);
        double worst = 0;
        for (int j = 0; j < p - 1; j++) {
            double norm = columnNorm(w, m, j);
            if (norm == 0) {
                worst = Math.max(worst, columnNorm(gradient, m, j) - lambda);
            } else {
                double sum = 0;
                for (int i = j * m; i < (j + 1) * m; i++) {
                    double r = gradient[i] + lambda * w[i] / norm;
                    sum += r * r;
                }
                worst = Math.max(worst, Math.sqrt(sum));
            }
        }
        double sum = 0;
        for (int i = (p - 1) * m; i < p * m; i++) {
            double g = w[i] == lowerBound ? Math.min(gradient[i], 0) : gradient[i];
            sum += g * g;
        }
        return Math.max(worst, Math.sqrt(sum)) / scale(pr, lambda);
    }

    /** Asserts the KKT conditions with violations at most {@code relativeTolerance · scale}. */
    static void assertOptimal(Problems pr, double lambda, double lowerBound, double[] w, double relativeTolerance) {
        int m = pr.m;
        int p = pr.p;
        double[] gradient = gradient(pr, w);
        double allowed = relativeTolerance * scale(pr, lambda);
        for (int j = 0; j < p - 1; j++) {
            double norm = columnNorm(w, m, j);
            double violation;
            if (norm == 0) {
                violation = columnNorm(gradient, m, j) - lambda;
            } else {
                double sum = 0;
                for (int i = j * m; i < (j + 1) * m; i++) {
                    double r = gradient[i] + lambda * w[i] / norm;
                    sum += r * r;
                }
                violation = Math.sqrt(sum);
            }
            assertTrue(violation <= allowed, String.format(Locale.ROOT,
                    "column %d (%s): KKT violation %.3e > %.3e", j, norm == 0 ? "zero" : "non-zero", violation, allowed));
        }
        double sum = 0;
        for (int i = (p - 1) * m; i < p * m; i++) {
            assertTrue(w[i] >= lowerBound, "bias " + w[i] + " below its bound " + lowerBound);
            double g = w[i] == lowerBound ? Math.min(gradient[i], 0) : gradient[i];
            sum += g * g;
        }
        assertTrue(Math.sqrt(sum) <= allowed, String.format(Locale.ROOT,
                "bias: KKT violation %.3e > %.3e", Math.sqrt(sum), allowed));
    }
}
