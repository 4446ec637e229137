package org.ialam.driver.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The ρ bookkeeping of ialam.md §3 steps 3–4:
 * <pre>
 *   ρ^k = ρ^{k−1}                               if k ≤ γ or ||r^k|| ≤ η_1 max_{t=k−γ..k−1} ||r^t||
 *   ρ^k = max(η_2 ρ^{k−1}, ||ξ^k||^{1+η_3})      otherwise
 * </pre>
 * and the stop rule ρ^k &gt; (limit) ρ⁰. The talk's slide prints ρ^{k−1}/η_2; with η_2 &gt; 1 that would shrink ρ and
 * contradict the stop rule, so it is read as growth (ialam.md §3). Holds the residual history the rule needs, which
 * is part of the training state.
 */
public final class PenaltySchedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double rho0;
    private final double eta1;
    private final double eta2;
    private final double eta3;
    private final int gamma;
    private final double limitFactor;
    private final List<Double> residualHistory = new ArrayList<>();
    private double rho;

    public PenaltySchedule(double rho0, double eta1, double eta2, double eta3, int gamma, double limitFactor) {
        this.rho0 = rho0;
        this.eta1 = eta1;
        this.eta2 = eta2;
        this.eta3 = eta3;
        this.gamma = gamma;
        this.limitFactor = limitFactor;
        this.rho = rho0;
    }

    /** The current ρ. */
    public double rho() {
        return rho;
    }

    /**
     * Records the outer iteration k = (number recorded so far + 1) with its ||r^k|| and ||ξ^k|| and moves ρ.
     *
     * @return true when ρ grew
     */
    public boolean update(double residualNorm, double multiplierNorm) {
        int k = residualHistory.size() + 1;
        boolean grow = false;
        if (k > gamma) {
            double recentMax = 0;
            for (int t = k - gamma; t <= k - 1; t++) {
                recentMax = Math.max(recentMax, residualHistory.get(t - 1));
            }
            grow = residualNorm > eta1 * recentMax;
        }
        residualHistory.add(residualNorm);
        if (grow) {
            rho = Math.max(eta2 * rho, Math.pow(multiplierNorm, 1 + eta3));
        }
        return grow;
    }

    /** The paper's stop rule: ρ^k &gt; limit · ρ⁰. */
    public boolean exhausted() {
        return rho > limitFactor * rho0;
    }
}
