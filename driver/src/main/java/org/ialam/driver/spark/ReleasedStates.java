package org.ialam.driver.spark;

import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ialam.ops.BlockScratch;
import org.ialam.ops.BlockState;
import org.ialam.ops.SpareArrays;

/**
 * Per JVM (on every executor), the states a task read as its input, kept so that the task computing the partition's
 * generation after next can write into their arrays ({@link SpareArrays}) once the driver has released them.
 *
 * <p>The protocol, with generation g+1 computed from g in a task of partition p:
 * <ol>
 *   <li>the task takes the entry of (p, g−1): the input of the task that computed g. The driver has waited for
 *       generation g−1's removal from every cache before it launched the job ({@link DistributedSamples}), so none
 *       holds those objects and a recomputation of g−1 would build new ones: nobody reads them again. Arrays that g
 *       still shares with g−1 are excluded by identity;</li>
 *   <li>after its step, it offers its own input, generation g, under (p, g), with the spares it did not use.</li>
 * </ol>
 * An entry is taken at most once (a second attempt of the same task, or a speculative copy, allocates), and entries
 * of a run older than the one asked for can never be used and are dropped. Entries are held through soft references:
 * memory the collector needs is never kept for recycling, and a run that ends without {@link #forget} (an executor of
 * a finished application) leaks nothing for long. Every decision falls back to allocating, which is always correct.
 */
final class ReleasedStates {
    private record Key(String run, int partition) {
    }

    /** A task's input states and the spare arrays it did not use. */
    private record Released(List<BlockState> states, List<double[]> loose) {
    }

    private record Entry(int generation, SoftReference<Released> released) {
    }

    private static final Map<Key, Entry> ENTRIES = new ConcurrentHashMap<>();
    /** Output arrays recycled in this JVM, and takes that found none (for tests and the benchmark). */
    private static final AtomicLong RECYCLED = new AtomicLong();
    private static final AtomicLong MISSES = new AtomicLong();

    private ReleasedStates() {
    }

    /**
     * The arrays of the states offered for ({@code run}, {@code partition}, {@code generation}), without those that
     * {@code live} references; none if there is no such entry. Removes the entry, and every entry of {@code run}
     * older than {@code generation}.
     */
    static SpareArrays take(String run, int partition, int generation, List<BlockState> live) {
        Entry entry = ENTRIES.remove(new Key(run, partition));
        ENTRIES.entrySet().removeIf(e -> e.getKey().run().equals(run) && e.getValue().generation() < generation);
        if (entry == null) {
            MISSES.incrementAndGet();
            return SpareArrays.none();
        }
        if (entry.generation() != generation) {
            MISSES.incrementAndGet();
            if (entry.generation() > generation) {
                ENTRIES.putIfAbsent(new Key(run, partition), entry);   // a recomputation of an old generation: keep it
            }
            return SpareArrays.none();
        }
        Released released = entry.released().get();
        if (released == null) {
            MISSES.incrementAndGet();
            return SpareArrays.none();
        }
        return SpareArrays.of(released.states(), released.loose(), live);
    }

    /**
     * Keeps {@code states}, the input of a task computing generation {@code generation + 1}, under {@code generation},
     * with the spare arrays that task's {@code scratch} was given and did not write into (referenced by nobody), and
     * counts the arrays it recycled.
     */
    static void offer(String run, int partition, int generation, List<BlockState> states, BlockScratch scratch) {
        RECYCLED.addAndGet(scratch.recycledOutputs());
        ENTRIES.put(new Key(run, partition),
                new Entry(generation, new SoftReference<>(new Released(states, scratch.unusedSpares()))));
    }

    /** Drops every entry of {@code run} in this JVM. */
    static void forget(String run) {
        ENTRIES.keySet().removeIf(k -> k.run().equals(run));
    }

    /** Output arrays written into recycled arrays in this JVM so far (instead of new ones). */
    static long recycledArrays() {
        return RECYCLED.get();
    }

    /** Takes in this JVM that found no entry of the generation asked for. */
    static long misses() {
        return MISSES.get();
    }

    /** Entries held in this JVM (for tests). */
    static int size() {
        return ENTRIES.size();
    }
}
