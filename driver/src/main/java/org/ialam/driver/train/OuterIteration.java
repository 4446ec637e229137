package org.ialam.driver.train;

/**
 * The figures of one outer iteration k (ialam.md §6), as logged and written to metrics.csv.
 *
 * @param k outer iteration, from 1
 * @param rho ρ^{k−1}, the penalty the iteration's subproblem used
 * @param residual ||r^k||, over all samples and layers
 * @param feasVi (1/N) Σ ||v − σ(u)||² + (1/N) Σ ||r||²
 * @param trainErr (1/N) Σ ||F(x_n) − y_n||² with a true forward pass
 * @param testErr the same on the test set, NaN without one
 * @param trainAcc share of training samples whose argmax F(x) is the label, NaN for regression
 * @param testAcc the same on the test set
 * @param columnSparsity share of all weight columns with 2-norm below ε
 * @param seconds wall-clock time of this outer iteration
 * @param innerIterations inner iterations made
 * @param innerStop why the inner loop stopped
 * @param solverIterations group-lasso iterations summed over layers and inner iterations
 * @param solverSeconds wall-clock time of the (W,b) solves on the driver, summed
 * @param unconvergedSolves (W,b) solves, over layers and inner iterations, that stopped short of their tolerance
 *        (the iteration limit, or rounding stalled the line search): ialam.md §4.1 asks for solves to a tolerance,
 *        so this should be 0, and the log line says when it is not
 * @param worstSolverResidual the largest relative KKT residual of those solves
 */
public record OuterIteration(int k, double rho, double residual, double feasVi, double trainErr, double testErr,
        double trainAcc, double testAcc, double columnSparsity, double seconds, int innerIterations,
        InnerStop innerStop, long solverIterations, double solverSeconds, int unconvergedSolves,
        double worstSolverResidual) implements java.io.Serializable {

    /** The column names of metrics.csv, in order. */
    public static final String CSV_HEADER =
            "k,rho,residual,feas_vi,train_err,test_err,train_acc,test_acc,column_sparsity,seconds";

    public String csvRow() {
        return String.join(",", Integer.toString(k), num(rho), num(residual), num(feasVi), num(trainErr),
                num(testErr), num(trainAcc), num(testAcc), num(columnSparsity), num(seconds));
    }

    /**
     * One human-readable log line. A figure that does not apply is left out rather than printed as NaN: TestErr
     * and TestAcc without a test set, Accuracy and TestAcc for regression targets (metrics.csv leaves them empty).
     */
    public String logLine() {
        java.util.Locale root = java.util.Locale.ROOT;
        StringBuilder line = new StringBuilder(String.format(root,
                "outer %3d  rho %.3e  |r| %.3e  FeasVi %.3e  TrainErr %.5f", k, rho, residual, feasVi, trainErr));
        appendUnlessNaN(line, "  TestErr %.5f", testErr);
        appendUnlessNaN(line, "  Accuracy %.4f", trainAcc);
        appendUnlessNaN(line, "  TestAcc %.4f", testAcc);
        line.append(String.format(root, "  sparsity %.4f  %.1fs  (inner %d, %s; (W,b) solver %d its, %.1fs",
                columnSparsity, seconds, innerIterations, innerStop.name().toLowerCase(root), solverIterations,
                solverSeconds));
        if (unconvergedSolves > 0) {
            line.append(String.format(root, "; %d solve%s short of the tolerance, worst relative KKT %.1e",
                    unconvergedSolves, unconvergedSolves == 1 ? "" : "s", worstSolverResidual));
        }
        return line.append(')').toString();
    }

    private static void appendUnlessNaN(StringBuilder line, String format, double value) {
        if (!Double.isNaN(value)) {
            line.append(String.format(java.util.Locale.ROOT, format, value));
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
