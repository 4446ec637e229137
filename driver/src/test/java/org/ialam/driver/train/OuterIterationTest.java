package org.ialam.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The log line and the metrics.csv row of an outer iteration, with and without the figures that may not apply. */
class OuterIterationTest {
    private static OuterIteration iteration(double testErr, double trainAcc, double testAcc) {
        return iteration(testErr, trainAcc, testAcc, 0, 4.2e-7);
    }

    private static OuterIteration iteration(double testErr, double trainAcc, double testAcc, int unconverged,
            double worstResidual) {
        return new OuterIteration(7, 2.5e-4, 31.81, 1.686e-2, 0.38091, testErr, trainAcc, testAcc, 0.2315, 7.54, 10,
                InnerStop.MAX_INNER, 600, 0.71, unconverged, worstResidual);
    }

    @Test
    void classificationWithATestSetLogsEveryFigure() {
        OuterIteration it = iteration(0.37759, 0.78561, 0.78774);
        assertEquals("outer   7  rho 2.500e-04  |r| 3.181e+01  FeasVi 1.686e-02  TrainErr 0.38091  TestErr 0.37759"
                + "  Accuracy 0.7856  TestAcc 0.7877  sparsity 0.2315  7.5s  (inner 10, max_inner; (W,b) solver 600 its,"
                + " 0.7s)", it.logLine());
        assertEquals("7,2.5E-4,31.81,0.01686,0.38091,0.37759,0.78561,0.78774,0.2315,7.54", it.csvRow());
    }

    @Test
    void figuresThatDoNotApplyAreLeftOutOfTheLogAndEmptyInTheCsv() {
        OuterIteration regression = iteration(0.37759, Double.NaN, Double.NaN);
        assertEquals("outer   7  rho 2.500e-04  |r| 3.181e+01  FeasVi 1.686e-02  TrainErr 0.38091  TestErr 0.37759"
                + "  sparsity 0.2315  7.5s  (inner 10, max_inner; (W,b) solver 600 its, 0.7s)", regression.logLine());
        assertEquals("7,2.5E-4,31.81,0.01686,0.38091,0.37759,,,0.2315,7.54", regression.csvRow());

        OuterIteration noTestSet = iteration(Double.NaN, 0.78561, Double.NaN);
        assertEquals("outer   7  rho 2.500e-04  |r| 3.181e+01  FeasVi 1.686e-02  TrainErr 0.38091  Accuracy 0.7856"
                + "  sparsity 0.2315  7.5s  (inner 10, max_inner; (W,b) solver 600 its, 0.7s)", noTestSet.logLine());
    }

    @Test
    void solvesShortOfTheirToleranceAreNamedInTheLog() {
        OuterIteration it = iteration(Double.NaN, Double.NaN, Double.NaN, 3, 2.13e-5);
        assertEquals("outer   7  rho 2.500e-04  |r| 3.181e+01  FeasVi 1.686e-02  TrainErr 0.38091  sparsity 0.2315  7.5s"
                + "  (inner 10, max_inner; (W,b) solver 600 its, 0.7s; 3 solves short of the tolerance, worst relative"
                + " KKT 2.1e-05)", it.logLine());
        assertEquals("7,2.5E-4,31.81,0.01686,0.38091,,,,0.2315,7.54", it.csvRow(), "metrics.csv keeps its columns");
    }
}
