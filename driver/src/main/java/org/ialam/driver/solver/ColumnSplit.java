package org.ialam.driver.solver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a loop over {@code [0, n)} as up to {@code threads} contiguous ranges at once: the first on the calling thread,
 * the others on a pool of daemon threads kept for it. The (W,b) solve runs on the driver while the executors wait for
 * its result, so in local mode the cores the tasks use are free during it.
 *
 * <p>Not the common fork-join pool: on a machine with two cores its parallelism is 1, and
 * {@code CompletableFuture.runAsync} then starts a new thread for every task (about 20 per inner iteration on MNIST,
 * seen in a flight recording as 714 thread starts in one benchmark run).
 */
final class ColumnSplit {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** Idle threads end after a minute (the pool's default), so a finished training keeps none. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ialam-solver-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** The work on one range {@code [from, from + count)}. */
    @FunctionalInterface
    interface Range {
        void run(int from, int count);
    }

    private ColumnSplit() {
    }

    /**
     * @param threads at most this many ranges; 1 runs {@code work.run(0, n)} on the calling thread
     * @param serial  true to run on the calling thread only (work too small to share)
     */
    static void run(int threads, int n, boolean serial, Range work) {
        int parts = serial ? 1 : Math.max(1, Math.min(threads, n));
        if (parts == 1) {
            work.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] others = new CompletableFuture[parts - 1];
        for (int k = 1; k < parts; k++) {
            int from = start(n, parts, k);
            int count = start(n, parts, k + 1) - from;
            others[k - 1] = CompletableFuture.runAsync(() -> work.run(from, count), POOL);
        }
        try {
            work.run(0, start(n, parts, 1));
        } finally {
            // every range finishes before the caller reads the output, even when one of them failed
            CompletableFuture.allOf(others).join();
        }
    }

    /** First index of range k of {@code parts} nearly equal ranges of [0, n). */
    private static int start(int n, int parts, int k) {
        return (int) ((long) n * k / parts);
    }
}
