package org.ialam.driver.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of IALAM (ialam.md §3–§5, §7) and of its budgets, with the defaults next to them.
 *
 * <p>The data-term weight is 1/N, so the parameters that must move with it — β, ρ⁰, λ_v, τ_1 — are given <em>per
 * sample</em> and multiplied by 1/N when a run starts ({@link #beta(long)} etc.): one configuration serves every
 * N. λ_w multiplies the group norm of the weights, which does not scale with N, and is given as is.
 *
 * <p>Immutable; build with {@link #builder()}. {@link #asMap()} lists every value for logs and summary.json.
 */
public final class IalamConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the weights start (ialam.md §5). */
    public enum Init {
        /** W⁰ = randn · scale, b⁰ = 0. */
        GAUSSIAN,
        /** The paper's W⁰ = randn / N, b⁰ = 0 (collapses under any useful λ_w on MNIST, §5). */
        PAPER
    }

    // the model
    /** Leaky-ReLU slope α ∈ [0, 1); 0 is ReLU (§7). */
    public final double alpha;
    /** Group-lasso weight λ_w ≥ 0 on the columns of every W_l (§1). */
    public final double lambdaW;
    // the penalised problem, per sample
    /** β_l · N, the exact-penalty weight of v = σ(u) (§2); same for every layer. */
    public final double betaPerSample;
    /** λ_v · N, the weight of Σ||v||² (§2). */
    public final double lambdaVPerSample;
    // the augmented Lagrangian and its ρ rule (§3)
    /** ρ⁰ · N. */
    public final double rho0PerSample;
    /** η_1 ∈ (0,1): ρ is kept when ||r^k|| ≤ η_1 max of the last γ residual norms. */
    public final double eta1;
    /** η_2 &gt; 1: growth factor of ρ. */
    public final double eta2;
    /** η_3 &gt; 0: ρ grows to at least ||ξ||^{1+η_3}. */
    public final double eta3;
    /** γ ≥ 1: ρ is kept for the first γ outer iterations and compared with the last γ residuals. */
    public final int gamma;
    /** Training stops when ρ^k &gt; this · ρ⁰ (the paper's 10³). */
    public final double rhoLimitFactor;
    /** Maximum number of outer iterations. */
    public final int maxOuter;
    // the inner alternating minimisation (§4)
    /** τ_1 · N, the proximal weight of u_1 (§4.2). */
    public final double tau1PerSample;
    /** J_max, inner iterations per outer iteration (§4.3). */
    public final int maxInner;
    /** Inner loop stops early when the relative changes of (W,b) and of (v,u) are both below this (§4.3). */
    public final double innerTolerance;
    /** Relative KKT tolerance of the group-lasso (W,b) solve (§4.1). */
    public final double solverTolerance;
    /** Iteration limit of one group-lasso solve. */
    public final int solverMaxIterations;
    /** Lower bound on every bias (§7, problem PP_b); −∞ means none. */
    public final double biasLowerBound;
    // the start
    public final Init init;
    /** Standard deviation of W⁰ for {@link Init#GAUSSIAN}. */
    public final double initScale;
    public final long seed;
    // reporting
    /** A weight column counts as zero when its 2-norm is below this (§6). */
    public final double sparsityEpsilon;

    private IalamConfig(Builder b) {
        alpha = b.alpha;
        lambdaW = b.lambdaW;
        betaPerSample = b.betaPerSample;
        lambdaVPerSample = b.lambdaVPerSample;
        rho0PerSample = b.rho0PerSample;
        eta1 = b.eta1;
        eta2 = b.eta2;
        eta3 = b.eta3;
        gamma = b.gamma;
        rhoLimitFactor = b.rhoLimitFactor;
        maxOuter = b.maxOuter;
        tau1PerSample = b.tau1PerSample;
        maxInner = b.maxInner;
        innerTolerance = b.innerTolerance;
        solverTolerance = b.solverTolerance;
        solverMaxIterations = b.solverMaxIterations;
        biasLowerBound = b.biasLowerBound;
        init = b.init;
        initScale = b.initScale;
        seed = b.seed;
        sparsityEpsilon = b.sparsityEpsilon;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.alpha = alpha;
        b.lambdaW = lambdaW;
        b.betaPerSample = betaPerSample;
        b.lambdaVPerSample = lambdaVPerSample;
        b.rho0PerSample = rho0PerSample;
        b.eta1 = eta1;
        b.eta2 = eta2;
        b.eta3 = eta3;
        b.gamma = gamma;
        b.rhoLimitFactor = rhoLimitFactor;
        b.maxOuter = maxOuter;
        b.tau1PerSample = tau1PerSample;
        b.maxInner = maxInner;
        b.innerTolerance = innerTolerance;
        b.solverTolerance = solverTolerance;
        b.solverMaxIterations = solverMaxIterations;
        b.biasLowerBound = biasLowerBound;
        b.init = init;
        b.initScale = initScale;
        b.seed = seed;
        b.sparsityEpsilon = sparsityEpsilon;
        return b;
    }

    /** β_l for N samples. */
    public double beta(long n) {
        return betaPerSample / n;
    }

    /** ρ⁰ for N samples. */
    public double rho0(long n) {
        return rho0PerSample / n;
    }

    /** λ_v for N samples. */
    public double lambdaV(long n) {
        return lambdaVPerSample / n;
    }

    /** τ_1 for N samples. */
    public double tau1(long n) {
        return tau1PerSample / n;
    }

    /** Every parameter by its command-line name, in a stable order. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("lambda-w", lambdaW);
        m.put("beta", betaPerSample);
        m.put("lambda-v", lambdaVPerSample);
        m.put("rho0", rho0PerSample);
        m.put("eta1", eta1);
        m.put("eta2", eta2);
        m.put("eta3", eta3);
        m.put("gamma", gamma);
        m.put("rho-limit", rhoLimitFactor);
        m.put("max-outer", maxOuter);
        m.put("tau1", tau1PerSample);
        m.put("max-inner", maxInner);
        m.put("inner-tol", innerTolerance);
        m.put("solver-tol", solverTolerance);
        m.put("solver-max-iter", solverMaxIterations);
        m.put("bias-lower-bound", Double.isInfinite(biasLowerBound) ? "none" : biasLowerBound);
        m.put("init", init.name().toLowerCase(java.util.Locale.ROOT));
        m.put("init-scale", initScale);
        m.put("seed", seed);
        m.put("sparsity-epsilon", sparsityEpsilon);
        return m;
    }

    @Override
    public String toString() {
        return "IalamConfig" + asMap();
    }

    /**
     * Mutable builder; {@link #build()} checks every range and names the offending parameter.
     *
     * <p>The defaults are the full-MNIST setting of docs/results.md §1.5 (784-200-100-10 on 60000 images: TestAcc
     * 0.95, a third of the columns removed, FeasVi below 10⁻⁴ in 55 outer iterations): λ_w = 1.2·10⁻³, ρ⁰·N = 3, and
     * γ = 8, which keeps ρ small while the residual still falls (accuracy is made at small ρ, §1.2–1.5 there).
     */
    public static final class Builder {
        private double alpha = 0.1;
        private double lambdaW = 1.2e-3;
        private double betaPerSample = 5;
        private double lambdaVPerSample = 1e-3;
        private double rho0PerSample = 3;
        private double eta1 = 0.9;
        private double eta2 = 2;
        private double eta3 = 1.01;
        private int gamma = 8;
        private double rhoLimitFactor = 1e3;
        private int maxOuter = 55;
        private double tau1PerSample = 1e-3;
        private int maxInner = 10;
        private double innerTolerance = 1e-4;
        private double solverTolerance = 1e-6;
        private int solverMaxIterations = 2000;
        private double biasLowerBound = Double.NEGATIVE_INFINITY;
        private Init init = Init.GAUSSIAN;
        private double initScale = 0.1;
        private long seed = 1;
        private double sparsityEpsilon = 1e-6;

        public Builder alpha(double v) { alpha = v; return this; }
        public Builder lambdaW(double v) { lambdaW = v; return this; }
        public Builder betaPerSample(double v) { betaPerSample = v; return this; }
        public Builder lambdaVPerSample(double v) { lambdaVPerSample = v; return this; }
        public Builder rho0PerSample(double v) { rho0PerSample = v; return this; }
        public Builder eta1(double v) { eta1 = v; return this; }
        public Builder eta2(double v) { eta2 = v; return this; }
        public Builder eta3(double v) { eta3 = v; return this; }
        public Builder gamma(int v) { gamma = v; return this; }
        public Builder rhoLimitFactor(double v) { rhoLimitFactor = v; return this; }
        public Builder maxOuter(int v) { maxOuter = v; return this; }
        public Builder tau1PerSample(double v) { tau1PerSample = v; return this; }
        public Builder maxInner(int v) { maxInner = v; return this; }
        public Builder innerTolerance(double v) { innerTolerance = v; return this; }
        public Builder solverTolerance(double v) { solverTolerance = v; return this; }
        public Builder solverMaxIterations(int v) { solverMaxIterations = v; return this; }
        public Builder biasLowerBound(double v) { biasLowerBound = v; return this; }
        public Builder init(Init v) { init = v; return this; }
        public Builder initScale(double v) { initScale = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sparsityEpsilon(double v) { sparsityEpsilon = v; return this; }

        public IalamConfig build() {
            check("alpha", alpha, alpha >= 0 && alpha < 1, "in [0, 1)");
            check("lambda-w", lambdaW, lambdaW >= 0, "≥ 0");
            check("beta", betaPerSample, betaPerSample >= 0, "≥ 0");
            check("lambda-v", lambdaVPerSample, lambdaVPerSample >= 0, "≥ 0");
            check("rho0", rho0PerSample, rho0PerSample > 0, "> 0");
            check("eta1", eta1, eta1 > 0 && eta1 < 1, "in (0, 1)");
            check("eta2", eta2, eta2 > 1, "> 1");
            check("eta3", eta3, eta3 > 1, "> 1 (ialam.md §3)");
            check("gamma", gamma, gamma >= 1, "≥ 1");
            check("rho-limit", rhoLimitFactor, rhoLimitFactor > 1, "> 1");
            check("max-outer", maxOuter, maxOuter >= 1, "≥ 1");
            check("tau1", tau1PerSample, tau1PerSample >= 0, "≥ 0");
            check("max-inner", maxInner, maxInner >= 1, "≥ 1");
            check("inner-tol", innerTolerance, innerTolerance >= 0, "≥ 0");
            check("solver-tol", solverTolerance, solverTolerance > 0, "> 0");
            check("solver-max-iter", solverMaxIterations, solverMaxIterations >= 1, "≥ 1");
            if (!(biasLowerBound < Double.POSITIVE_INFINITY)) {    // -∞ is "none"
                throw new IllegalArgumentException("--bias-lower-bound: " + biasLowerBound
                        + " is out of range, expected a finite number (or none)");
            }
            check("init-scale", initScale, initScale > 0, "> 0");
            check("sparsity-epsilon", sparsityEpsilon, sparsityEpsilon > 0, "> 0 (a column counts as zero below it)");
            return new IalamConfig(this);
        }

        /** Refuses {@code value} unless {@code ok}; NaN and ±∞ are never in range. */
        private static void check(String name, double value, boolean ok, String expected) {
            if (!ok || !Double.isFinite(value)) {
                throw new IllegalArgumentException("--" + name + ": " + value + " is out of range, expected " + expected);
            }
        }
    }
}
