package org.ialam.driver.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinearScalingTest {
    /** A line a + bN sampled at N/4 and N gives back its a and b·N/4. */
    @Test
    void recoversTheLineThroughTheTwoTimes() {
        double a = 0.12;
        double b = 0.6 / 60000;
        LinearScaling line = LinearScaling.through(a + b * 15000, a + b * 60000);
        assertEquals(a, line.fixedSeconds(), 1e-15);
        assertEquals(b * 15000, line.proportionalSeconds(), 1e-15);
    }

    /** At the allowed fixed part the ratio is the target's 3.6, above it less, below it more. */
    @Test
    void theAllowedFixedPartIsWhereTheRatioMeetsTheTarget() {
        double proportional = 0.15;
        double allowed = new LinearScaling(0, proportional).fixedSecondsAllowed();
        assertEquals(0.15 * 2 / 13, allowed, 1e-15);
        assertEquals(3.6, ratio(allowed, proportional), 1e-12);
        assertTrue(ratio(allowed * 1.01, proportional) < 3.6);
        assertTrue(ratio(allowed * 0.99, proportional) > 3.6);
    }

    private static double ratio(double fixed, double proportional) {
        return (fixed + 4 * proportional) / (fixed + proportional);
    }
}
