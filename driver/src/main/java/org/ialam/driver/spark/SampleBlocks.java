package org.ialam.driver.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.ops.InputMatrix;
import org.ialam.ops.SampleBlock;

/**
 * A data set as a persisted RDD of contiguous {@link SampleBlock}s in file order: each partition holds a contiguous
 * run of samples, cut into blocks of at most {@link #DEFAULT_BLOCK_SIZE} samples.
 *
 * <p>Why blocks smaller than a partition: the per-block temporaries and state arrays are N_l × (block size)
 * doubles. With one block per partition, layer 1's arrays at MNIST scale are tens of megabytes, which G1 allocates
 * as "humongous" objects directly in the old generation, and the passes slow down severalfold. At 1024 samples they
 * stay below G1's region size and the matrix products still have 1024 columns.
 *
 * <p>The blocks are cut on the executors from a broadcast of the data set, not {@code parallelize}d: a parallelized
 * collection keeps its data inside the partition objects, so every task over the RDD (and every task zipped with
 * it) would carry its block again; with the broadcast a task carries two integers. The broadcast stays alive as
 * long as the blocks, since a lost block is rebuilt from it.
 */
public final class SampleBlocks implements AutoCloseable {
    /** Samples per block: large enough for efficient products, small enough to avoid humongous arrays. */
    public static final int DEFAULT_BLOCK_SIZE = 1024;

    private final JavaRDD<SampleBlock> rdd;
    private final Broadcast<LabeledData> source;

    private SampleBlocks(JavaRDD<SampleBlock> rdd, Broadcast<LabeledData> source) {
        this.rdd = rdd;
        this.source = source;
    }

    public static SampleBlocks of(JavaSparkContext sc, LabeledData data, int partitions, StorageLevel level, String name) {
        return of(sc, data, partitions, DEFAULT_BLOCK_SIZE, level, name);
    }

    /** With at most {@code blockSize} samples per block. */
    public static SampleBlocks of(JavaSparkContext sc, LabeledData data, int partitions, int blockSize,
            StorageLevel level, String name) {
        List<int[]> ranges = ranges(data.size(), partitions);
        Broadcast<LabeledData> source = sc.broadcast(data);
        JavaRDD<SampleBlock> rdd = sc.parallelize(ranges, ranges.size())
                .flatMap(range -> cutRange(source.value(), range[0], range[1], blockSize).iterator());
        rdd.setName(name + ": " + data.size() + " samples in " + ranges.size() + " blocks").persist(level);
        return new SampleBlocks(rdd, source);
    }

    /** The blocks of each partition of {@link #of}, cut on the driver (for in-process runs). */
    public static List<List<SampleBlock>> cutAll(LabeledData data, int partitions) {
        List<List<SampleBlock>> blocks = new ArrayList<>();
        for (int[] range : ranges(data.size(), partitions)) {
            blocks.add(cutRange(data, range[0], range[1], DEFAULT_BLOCK_SIZE));
        }
        return blocks;
    }

    /** Samples [from, to) as consecutive blocks of at most {@code blockSize}, of nearly equal size. */
    private static List<SampleBlock> cutRange(LabeledData data, int from, int to, int blockSize) {
        int count = Math.max(1, (to - from + blockSize - 1) / blockSize);
        List<SampleBlock> blocks = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            blocks.add(cut(data, from + (int) ((long) (to - from) * b / count),
                    from + (int) ((long) (to - from) * (b + 1) / count)));
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
        // x dense or sparse by its density (InputMatrix), copied straight from the data set
        InputMatrix x = InputMatrix.copyOf(data.features(), from, in, m);
        double[] y = Arrays.copyOfRange(data.targets(), from * out, to * out);
        int[] labels = data.labels() == null ? null : Arrays.copyOfRange(data.labels(), from, to);
        return new SampleBlock(from, m, out, x, y, labels);
    }

    public JavaRDD<SampleBlock> rdd() {
        return rdd;
    }

    public int partitions() {
        return rdd.getNumPartitions();
    }

    @Override
    public void close() {
        // blocking: the context may stop right after, and Spark logs a stack trace for every removal still in flight
        // (destroy(blocking) is private[spark] in Scala, public in the bytecode; the public destroy() does not wait)
        rdd.unpersist(true);
        source.destroy(true);
    }
}
