package org.ialam.driver.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A switch for tests: with the Spark local property {@value #FAIL_ONCE_AT_PASS} set to a pass number on the thread
 * that runs the trainer, the first attempt of partition 0's task in that pass of the per-sample state throws. Spark
 * retries the task (with {@code spark.task.maxFailures} ≥ 2, e.g. master {@code local[2,2]}); the test then checks
 * that the model is unchanged. Unset, it costs one property lookup per task.
 */
public final class FaultInjection {
    /** Local property naming the pass (generation of the state, from 1) whose first task attempt fails. */
    public static final String FAIL_ONCE_AT_PASS = "ialam.test.failOnceAtPass";

    private static final AtomicInteger INJECTED = new AtomicInteger();

    private FaultInjection() {
    }

    /** Failures injected in this JVM so far (local mode: the executors are this JVM). */
    public static int injected() {
        return INJECTED.get();
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
    }
}
