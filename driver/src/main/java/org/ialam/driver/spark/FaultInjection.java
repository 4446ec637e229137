package org.ialam.driver.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * Switches for tests, as Spark local properties on the thread that runs the trainer: with {@value #FAIL_ONCE_AT_PASS}
 * set to a pass number, the first attempt of partition 0's task in that pass of the per-sample state throws; Spark
 * retries it (with {@code spark.task.maxFailures} ≥ 2, e.g. master {@code local[2,2]}) and the model must be
 * unchanged. With {@value #FAIL_AT_PASS}, every attempt of that task throws, so the pass's job fails. With
 * {@value #NAN_AT_PASS}, that pass's state of partition 0 gets a NaN, as a diverging run would. Unset, they cost a
 * few property lookups per task.
 */
public final class FaultInjection {
    /** Local property naming the pass (generation of the state, from 1) whose first task attempt fails. */
    public static final String FAIL_ONCE_AT_PASS = "ialam.test.failOnceAtPass";

    /** Local property naming the pass whose task of partition 0 fails at every attempt (a failed pass). */
    public static final String FAIL_AT_PASS = "ialam.test.failAtPass";

    /** Local property naming the pass whose result for partition 0 gets a NaN in u of layer 1 (a diverging run). */
    public static final String NAN_AT_PASS = "ialam.test.nanAtPass";

    private static final AtomicInteger INJECTED = new AtomicInteger();

    private FaultInjection() {
    }

    /** Failures injected in this JVM so far (local mode: the executors are this JVM). */
    public static int injected() {
        return INJECTED.get();
    }

    /** {@code state}, or a copy whose first u entry is NaN when {@link #NAN_AT_PASS} names this pass. */
    static org.ialam.ops.BlockState maybePoison(int pass, org.ialam.ops.BlockState state) {
        TaskContext task = TaskContext.get();
        String at = task == null ? null : task.getLocalProperty(NAN_AT_PASS);
        if (at == null || Integer.parseInt(at) != pass || task.partitionId() != 0) {
            return state;
        }
        int layers = state.layers();
        double[][] u = new double[layers][];
        double[][] v = new double[layers][];
        double[][] xi = new double[layers][];
        for (int l = 1; l <= layers; l++) {
            u[l - 1] = l == 1 ? state.u(l).clone() : state.u(l);
            v[l - 1] = state.v(l);
            xi[l - 1] = state.xi(l);
        }
        u[0][0] = Double.NaN;
        return new org.ialam.ops.BlockState(u, v, xi, new org.ialam.ops.StepTotals(Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0, state.totals().count));
    }

    static void maybeFail(int pass) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return;
        }
        String at = task.getLocalProperty(FAIL_ONCE_AT_PASS);
        if (at != null && Integer.parseInt(at) == pass && task.attemptNumber() == 0 && task.partitionId() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected task failure in pass " + pass + " (" + FAIL_ONCE_AT_PASS + ")");
        }
        String always = task.getLocalProperty(FAIL_AT_PASS);
        if (always != null && Integer.parseInt(always) == pass && task.partitionId() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure of every attempt in pass " + pass + " (" + FAIL_AT_PASS + ")");
        }
    }
}
