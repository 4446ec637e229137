package org.ialam.driver.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Merges the partial results of a pass, one per partition, in partition order, so that a pass's sums do not depend on
 * which task finished first.
 *
 * <p>Floating-point addition is commutative but not associative: {@code (p0 + p1) + p2} and {@code (p2 + p0) + p1}
 * can differ in the last bits. Spark's {@code treeReduce} merges in the order the tasks finish, so with three or more
 * partitions two runs of the same training differed by about 1e-15 (operations.md §5, §6), and so did the Spark
 * pipeline and the in-process baseline ({@link LocalSamples}, which merges in partition order). In partition order the
 * result depends on the data, the partitions and the blocks only.
 *
 * <p>Up to {@code fanIn} partials (1.8 MB each at MNIST scale) are gathered on the driver by one job,
 * {@code collectPartitions}, which puts each in its partition's slot whatever the order of arrival, and merged there.
 * More are first merged on the executors, as a tree reduction does, but in order: partial i goes to group i / fanIn
 * (one shuffle), group g becomes partition g of the next level, and each group is merged in index order. The tree
 * then has ⌈log_fanIn P⌉ levels, and no executor or driver holds more than {@code fanIn} partials at once.
 */
final class PartitionOrderMerge {
    /** Partials merged by one node of the tree: one job and no shuffle for up to this many partitions. */
    static final int FAN_IN = 32;

    private PartitionOrderMerge() {
    }

    /**
     * The merge of {@code partials} (exactly one per partition) in partition order: for up to {@code fanIn}
     * partitions {@code merge(…merge(merge(p0, p1), p2)…)}, for more the same within each group of {@code fanIn}
     * consecutive partitions, then over the groups in order, level by level.
     */
    static <T> T reduce(JavaRDD<T> partials, Function2<T, T, T> merge, int fanIn) {
        if (fanIn < 2) {
            throw new IllegalArgumentException("fanIn must be at least 2: " + fanIn);
        }
        JavaRDD<T> level = partials;
        while (level.getNumPartitions() > fanIn) {
            int groups = (level.getNumPartitions() + fanIn - 1) / fanIn;
            // keys 0..groups−1 under a HashPartitioner of `groups` partitions: group g is partition g
            level = level.mapPartitionsWithIndex((index, it) -> Collections.singletonList(
                            new Tuple2<>(index / fanIn, new Tuple2<>(index, single(it, index)))).iterator(), true)
                    .mapToPair(keyed -> keyed)
                    .groupByKey(new HashPartitioner(groups))
                    .values()
                    .map(group -> inOrder(group, merge));
        }
        int partitions = level.getNumPartitions();
        List<T>[] parts = NamedFunctions.collectAllPartitions(level);   // one job; slot i holds partition i
        List<Tuple2<Integer, T>> indexed = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            indexed.add(new Tuple2<>(i, single(parts[i].iterator(), i)));
        }
        try {
            return inOrder(indexed, merge);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("merging the partial results failed", e);
        }
    }

    /** The merge of {@code group}'s partials in the order of their indexes. */
    private static <T> T inOrder(Iterable<Tuple2<Integer, T>> group, Function2<T, T, T> merge) throws Exception {
        List<Tuple2<Integer, T>> sorted = new ArrayList<>();
        group.forEach(sorted::add);
        sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
        T total = null;
        for (Tuple2<Integer, T> part : sorted) {
            total = total == null ? part._2() : merge.call(total, part._2());
        }
        if (total == null) {
            throw new IllegalStateException("no partial results to merge");
        }
        return total;
    }

    private static <T> T single(Iterator<T> it, int partition) {
        if (!it.hasNext()) {
            throw new IllegalStateException("partition " + partition + " returned no partial result, expected 1");
        }
        T one = it.next();
        if (it.hasNext()) {
            throw new IllegalStateException("partition " + partition + " returned more than 1 partial result");
        }
        return one;
    }
}
