package org.ialam.driver.bench;

/**
 * What the N scaling figure says about an iteration's cost, read as a straight line {@code T(N) = a + b·N} through the
 * times at N/4 and N: the part {@code a} that does not grow with N (the driver's solve, Spark's fixed cost per pass)
 * and the part {@code b·N/4} that does. Issue 3 asks for {@code T(N)/T(N/4)} within 10% of 4, i.e. at least 3.6, which
 * on such a line holds exactly when {@code a ≤ (2/13)·b·N/4}: {@code (a + 4B)/(a + B) ≥ 3.6 ⇔ 0.4B ≥ 2.6a}, B = b·N/4.
 *
 * @param fixedSeconds        a, from the two times
 * @param proportionalSeconds b·N/4, the part at N/4 that grows with N
 */
public record LinearScaling(double fixedSeconds, double proportionalSeconds) {
    /** The target's ratio T(N)/T(N/4): 4 less 10%. */
    public static final double TARGET_RATIO = 3.6;

    /** The line through (N/4, {@code quarterSeconds}) and (N, {@code fullSeconds}). */
    public static LinearScaling through(double quarterSeconds, double fullSeconds) {
        double proportional = (fullSeconds - quarterSeconds) / 3;
        return new LinearScaling(quarterSeconds - proportional, proportional);
    }

    /** The largest fixed part at which this proportional part still meets {@link #TARGET_RATIO}. */
    public double fixedSecondsAllowed() {
        return (4 - TARGET_RATIO) / (TARGET_RATIO - 1) * proportionalSeconds;
    }
}
