package org.ialam.driver.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.ops.SampleBlock;

/**
 * A data set as a persisted RDD of contiguous {@link SampleBlock}s, one per partition, in file order.
 *
 * <p>The blocks are cut on the executors from a broadcast of the data set, not {@code parallelize}d: a parallelized
 * collection keeps its data inside the partition objects, so every task over the RDD (and every task zipped with
 * it) would carry its block again; with the broadcast a task carries two integers. The broadcast stays alive as
 * long as the blocks, since a lost block is rebuilt from it.
 */
public final class SampleBlocks implements AutoCloseable {
    private final JavaRDD<SampleBlock> rdd;
    private final Broadcast<LabeledData> source;

    private SampleBlocks(JavaRDD<SampleBlock> rdd, Broadcast<LabeledData> source) {
        this.rdd = rdd;
        this.source = source;
    }

    public static SampleBlocks of(JavaSparkContext sc, LabeledData data, int partitions, StorageLevel level, String name) {
        List<int[]> ranges = ranges(data.size(), partitions);
        Broadcast<LabeledData> source = sc.broadcast(data);
        JavaRDD<SampleBlock> rdd = sc.parallelize(ranges, ranges.size())
                .map(range -> cut(source.value(), range[0], range[1]));
        rdd.setName(name + ": " + data.size() + " samples in " + ranges.size() + " blocks").persist(level);
        return new SampleBlocks(rdd, source);
    }

    /** The same blocks as {@link #of}, cut on the driver (for in-process runs). */
    public static List<SampleBlock> cutAll(LabeledData data, int partitions) {
        List<SampleBlock> blocks = new ArrayList<>();
        for (int[] range : ranges(data.size(), partitions)) {
            blocks.add(cut(data, range[0], range[1]));
        }
        return blocks;
    }

    /** [from, to) of each of min(partitions, n) contiguous blocks of nearly equal size. */
    private static List<int[]> ranges(int n, int partitions) {
        int p = Math.max(1, Math.min(partitions, n));
        List<int[]> ranges = new ArrayList<>(p);
        for (int b = 0; b < p; b++) {
            ranges.add(new int[] {(int) ((long) n * b / p), (int) ((long) n * (b + 1) / p)});
        }
        return ranges;
    }

    private static SampleBlock cut(LabeledData data, int from, int to) {
        int m = to - from;
        int in = data.inputDim();
        int out = data.outputDim();
        double[] x = Arrays.copyOfRange(data.features(), from * in, to * in);
        double[] y = Arrays.copyOfRange(data.targets(), from * out, to * out);
        int[] labels = data.labels() == null ? null : Arrays.copyOfRange(data.labels(), from, to);
        return new SampleBlock(from, m, in, out, x, y, labels);
    }

    public JavaRDD<SampleBlock> rdd() {
        return rdd;
    }

    public int partitions() {
        return rdd.getNumPartitions();
    }

    @Override
    public void close() {
        rdd.unpersist(false);
        source.destroy();
    }
}
