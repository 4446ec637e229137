package org.ialam.driver.spark;

import org.apache.spark.TaskContext;

/**
 * Hands a pass's partial statistics from the step to the aggregation within one Spark task.
 *
 * <p>A pass is one job, {@code blocks.zipPartitions(next, aggregate)}, whose task first computes (and caches) the
 * partition of the next state generation {@code next}, then gathers its statistics. Gathering them block by block
 * right after each block's step reads the new u and v while they are still in cache, where a second loop over the
 * cached partition reads some 200 MB again (at MNIST scale); the direct baseline ({@link LocalSamples}) always did it
 * that way. The step therefore leaves its partial result here, tagged with the task attempt and the generation, and
 * the aggregation takes it. Whenever it finds none (the partition came from the cache, or was recomputed by another
 * task, or from files), the aggregation gathers the statistics itself, in the same block order, so the sums are the
 * same bit for bit either way. Entries are per thread (a task runs its iterators on one thread) and are cleared when
 * their task ends.
 */
final class FusedStatistics {
    private record Entry(long taskAttempt, int generation, PassResult partial) {
    }

    private static final ThreadLocal<Entry> CURRENT = new ThreadLocal<>();
    /** Aggregations in this JVM that took the step's statistics (for tests). */
    private static final java.util.concurrent.atomic.AtomicLong TAKEN = new java.util.concurrent.atomic.AtomicLong();

    private FusedStatistics() {
    }

    /** Leaves {@code partial}, the statistics of generation {@code generation} of this task's partition. */
    static void leave(int generation, PassResult partial) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return;
        }
        CURRENT.set(new Entry(task.taskAttemptId(), generation, partial));
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ignored -> CURRENT.remove());
    }

    /** The partial statistics this task's step left for {@code generation}, or null; removes them. */
    static PassResult take(int generation) {
        Entry entry = CURRENT.get();
        CURRENT.remove();
        TaskContext task = TaskContext.get();
        if (entry == null || task == null || entry.taskAttempt() != task.taskAttemptId()
                || entry.generation() != generation) {
            return null;
        }
        TAKEN.incrementAndGet();
        return entry.partial();
    }

    /** Aggregations in this JVM so far that took the step's statistics instead of gathering them again. */
    static long taken() {
        return TAKEN.get();
    }
}
