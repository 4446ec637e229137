package org.ialam.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.data.MnistReader;
import org.ialam.driver.solver.Lapack;
import org.ialam.driver.spark.DistributedSamples;
import org.ialam.driver.spark.DriverCores;
import org.ialam.driver.spark.KryoClasses;
import org.ialam.driver.spark.LineageCut;
import org.ialam.driver.spark.LocalSamples;
import org.ialam.driver.spark.TaskResultSize;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.InnerIteration;
import org.ialam.driver.train.SamplePasses;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.Blas;
import org.ialam.ops.ColumnCombiner;
import org.ialam.ops.ScalarColumnCombiner;
import org.ialam.ops.DenseInputs;
import org.ialam.ops.InputMatrix;
import org.ialam.ops.SparseInputs;
import org.ialam.ops.NetworkShape;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how close an IALAM inner iteration runs to the machine's matrix-multiply floor, and what Spark adds.
 *
 * <p>In one JVM and with the trainer's BLAS: the DGEMM rate on square matrices of the trainer's sizes (one thread,
 * and one single-threaded product per core at once, which is how the trainer's tasks use the cores); the median
 * time of a fixed number of inner iterations at MNIST scale on Spark {@code local[2]}; the same iterations with the
 * same kernels on two threads without Spark; scaling in N and from one to two cores; and the peak live heap
 * against the size of the per-sample state. Prints {@code name: value} lines and writes them as JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmark IALAM inner iterations.")
public final class InnerIterationBenchmark implements Callable<Integer> {
    @Option(names = "--mnist", description = "MNIST directory (default $MNIST_DIR, else data/mnist; synthetic data of the same shape if absent).")
    private String mnist;
    @Option(names = "--hidden", split = ",", defaultValue = "200,100")
    private int[] hidden;
    @Option(names = "--samples", defaultValue = "60000", description = "N of the main measurement.")
    private int samples;
    @Option(names = "--inner", defaultValue = "10", description = "Inner iterations per measurement (the first --skip are not counted).")
    private int inner;
    /**
     * Spark's own per-job code (scheduler, closure cleaning, serialization) runs only once per pass, so the JIT
     * compiles it for minutes, competing with the tasks for the two cores: C2 used 8 s of CPU in one quick benchmark
     * run (docs/results.md §4.0.3). Without a warm-up, that falls on whichever run comes first, the Spark one. After one
     * warm-up round the timed Spark runs still saw 67–80 compilations a second, after three 41–54 (docs/results.md
     * §4.0.2); a training run, with 605 inner iterations, spends nearly all of its time later still.
     */
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed rounds (Spark, then direct) before the timed ones.")
    private int warmup;
    /**
     * A run's first inner iterations are slower than the rest for reasons a training run pays once: the JIT compiles
     * the kernels, the heap grows, and the first two passes allocate the state's arrays (recycled from the third pass
     * on), which the young collections copy. With half a second per collection on two cores that hit some iterations
     * of one side and not the other; a 55-outer-iteration training has 605 inner iterations, so its steady state is
     * what to compare.
     */
    @Option(names = "--skip", defaultValue = "3", description = "Inner iterations not counted at the start of each run (JIT, heap growth, first allocations).")
    private int skip;
    @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds, each: the Spark run, the direct run and (without --quick) the local[1] and N/4 runs.")
    private int rounds;
    @Option(names = "--json", defaultValue = "target/bench.json")
    private String json;
    @Option(names = "--quick", description = "Skip the scaling and local[1] measurements.")
    private boolean quick;

    private final Map<String, Object> figures = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new InnerIterationBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (skip < 0 || skip >= inner || warmup < 0 || rounds < 1) {
            System.err.println("bench: need 0 <= --skip < --inner, --warmup >= 0 and --rounds >= 1; got --skip " + skip
                    + ", --inner " + inner + ", --warmup " + warmup + ", --rounds " + rounds);
            return 2;
        }
        if (inner + 2 > LineageCut.MAX_UNCUT_GENERATIONS) {   // a measurement's passes: initial, inner, multiplier
            System.err.println("bench: --inner " + inner + " makes " + (inner + 2) + " passes without a lineage cut, at most "
                    + LineageCut.MAX_UNCUT_GENERATIONS + " are safe");
            return 2;
        }
        put("blas", Blas.implementation());
        put("blas_kernels", Blas.kernels());
        put("lapack", Lapack.implementation());
        put("sparse_kernel", ColumnCombiner.fastest().description());
        put("pair_kernel", org.ialam.ops.VuPairLoop.fastest().description());
        put("cores", Runtime.getRuntime().availableProcessors());
        put("collector", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        // off unless JAVA_OPTS asks for them (scripts/java-launch.sh, docs/results.md §4.0)
        put("transparent_huge_pages", ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("UseTransparentHugePages").getValue());
        double gflopsOne = dgemmGflops(785, 1);
        double gflops = dgemmGflops(785, 2);
        put("dgemm_gflops_1_thread", gflopsOne);
        put("dgemm_gflops_200", dgemmGflops(200, 2));
        put("dgemm_gflops", gflops);

        LabeledData all = load(samples);
        NetworkShape shape = shape(all);
        double flops = flopsPerInnerIteration(shape) * all.size();
        put("network", shape.toString());
        put("samples", all.size());
        double density = density(all.features());
        put("input_density", density);
        boolean sparse = density <= InputMatrix.SPARSE_DENSITY_LIMIT;
        put("input_form", sparse ? "sparse" : "dense");
        put("inner_iteration_flops", flops);
        // what the sparse layer-1 products actually execute: 2·N_1 per non-zero input instead of 2·N_1·N_0 per sample
        double executed = flops - (sparse ? 2 * 2.0 * shape.width(1) * shape.inputs() * all.size() * (1 - density) : 0);
        put("inner_iteration_flops_executed", executed);
        layerOneProducts(all, shape.width(1));

        // The runs behind each ratio alternate (Spark and direct; local[2], local[1] and N/4), so that drift of this
        // shared machine (and of the JIT) hits both sides alike; the medians are over the iterations of all rounds of
        // one kind
        for (int round = 0; round < warmup; round++) {
            withSpark("local[2]", all, shape, false);
            measure(new LocalSamples(shape, all, 2, 2), shape, 2, false);
        }
        long[] recyclingBefore = DistributedSamples.recycling();
        Measurement spark = Measurement.NONE;
        Measurement direct = Measurement.NONE;
        Measurement one = Measurement.NONE;
        Measurement quarter = Measurement.NONE;
        // a copy of N/4 samples' inputs (94 MB at MNIST scale): dropped before the heap run, which it would inflate
        LabeledData quarterData = quick ? null : all.head(all.size() / 4);
        double[] sparkRounds = new double[rounds];
        double[] directRounds = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Measurement sparkRound = withSpark("local[2]", all, shape, false);
            Measurement directRound = measure(new LocalSamples(shape, all, 2, 2), shape, 2, false);
            sparkRounds[round] = sparkRound.medianPass();
            directRounds[round] = directRound.medianPass();
            spark = spark.and(sparkRound);
            direct = direct.and(directRound);
            if (!quick) {
                one = one.and(withSpark("local[1]", all, shape, false));
                quarter = quarter.and(withSpark("local[2]", quarterData, shape, false));
            }
        }
        quarterData = null;
        long[] recyclingAfter = DistributedSamples.recycling();
        put("rounds", rounds);
        put("warmup_rounds", warmup);
        put("inner_iterations_per_run", inner);
        put("inner_iterations_skipped_per_run", skip);
        // arrays of the state written into in place of new ones (u, v and ξ two generations back), and tasks that found
        // none to recycle (the first two passes), over the Spark runs of the timed rounds
        put("state_arrays_recycled", recyclingAfter[0] - recyclingBefore[0]);
        put("state_recycling_misses", recyclingAfter[1] - recyclingBefore[1]);
        put("inner_iteration_seconds", spark.median());
        put("inner_iteration_pass_seconds", spark.medianPass());
        put("inner_iteration_solver_seconds", spark.medianSolver());
        put("floor_seconds", flops / (gflops * 1e9));
        put("floor_ratio", flops / (gflops * 1e9) / spark.median());
        put("floor_ratio_passes_only", flops / (gflops * 1e9) / spark.medianPass());
        put("floor_ratio_executed", executed / (gflops * 1e9) / spark.median());
        put("direct_inner_iteration_seconds", direct.median());
        put("spark_overhead", spark.median() / direct.median());
        put("spark_overhead_passes_only", spark.medianPass() / direct.medianPass());
        // every counted iteration, in the order measured (rounds one after another): the spread behind the medians
        put("spark_pass_seconds_each", rounded(spark.pass()));
        put("direct_pass_seconds_each", rounded(direct.pass()));
        // each round's median pass: a round that the host slowed down shows here (docs/results.md §4.0)
        put("spark_pass_round_medians", rounded(sparkRounds));
        put("direct_pass_round_medians", rounded(directRounds));

        // a run of its own: the full collection after each iteration that finds the live heap would otherwise change
        // the timings of one side of the comparisons above (it clears the garbage the next iteration would collect)
        Measurement heap = withSpark("local[2]", all, shape, true);
        put("peak_heap_over_state", heap.peakLiveHeap() / stateBytes(shape, all.size()));
        put("peak_live_heap_mb", heap.peakLiveHeap() / 1e6);
        put("state_mb", stateBytes(shape, all.size()) / 1e6);

        if (!quick) {
            put("inner_iteration_seconds_local1", one.median());
            // the solve on one thread: what the second core saves there, beside the passes
            put("inner_iteration_solver_seconds_local1", one.medianSolver());
            put("speedup_2_cores", one.median() / spark.median());
            // the passes over the samples alone: what the task slots parallelise (the solve has k threads under local[k])
            put("speedup_2_cores_passes_only", one.medianPass() / spark.medianPass());
            Measurement half = withSpark("local[2]", all.head(all.size() / 2), shape, false);   // one run: not in a ratio
            put("inner_iteration_seconds_n" + all.size() / 4, quarter.median());
            put("inner_iteration_seconds_n" + all.size() / 2, half.median());
            put("scaling_60k_over_15k", spark.median() / quarter.median());
            // the (W,b) solve on the driver costs the same at every N (its statistics are N_l x N_{l-1}), so the whole
            // iteration cannot scale linearly; the passes over the samples should
            put("inner_iteration_solver_seconds_n" + all.size() / 4, quarter.medianSolver());
            put("scaling_60k_over_15k_passes_only", spark.medianPass() / quarter.medianPass());
            // the same two times read as a line a + bN: the part that does not grow with N, and what the target allows
            LinearScaling line = LinearScaling.through(quarter.median(), spark.median());
            put("inner_iteration_fixed_seconds", line.fixedSeconds());
            put("inner_iteration_fixed_seconds_allowed", line.fixedSecondsAllowed());
            put("pass_fixed_seconds", LinearScaling.through(quarter.medianPass(), spark.medianPass()).fixedSeconds());
        }
        File out = new File(json);
        if (out.getParentFile() != null) {
            out.getParentFile().mkdirs();
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, figures);
        System.out.println("json: " + out.getPath());
        return 0;
    }

    private void put(String name, Object value) {
        figures.put(name, value);
        System.out.println(name + ": " + (value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4g", d) : value));
    }

    /** A panel density no feature exceeds: {@link SparseInputs} without its dense panel. */
    private static final double NO_PANEL = 2.0;

    /**
     * Layer 1's two products with x (W_1 x + b_1 and Σ t xᵀ) on the trainer's blocks of MNIST, single-threaded, in the
     * sparse and the dense form of {@link InputMatrix}, and sparse without the dense panel: the measurements behind
     * {@link InputMatrix#SPARSE_DENSITY_LIMIT} and {@link SparseInputs#PANEL_DENSITY}.
     */
    private void layerOneProducts(LabeledData data, int m) {
        int k = data.inputDim();
        int n = Math.min(data.size(), 16 * 1024);
        int block = 1024;
        List<InputMatrix[]> blocks = new ArrayList<>();
        for (int from = 0; from + block <= n; from += block) {
            double[] x = Arrays.copyOfRange(data.features(), from * k, (from + block) * k);
            blocks.add(new InputMatrix[] {SparseInputs.of(x, k, block), new DenseInputs(x, k, block),
                SparseInputs.of(x, k, block, NO_PANEL)});
        }
        SplittableRandom random = new SplittableRandom(3);
        double[] w = random.doubles((long) m * (k + 1)).toArray();
        double[] t = random.doubles((long) m * block).toArray();
        double[] out = new double[m * block];
        double[] cross = new double[m * k];
        // form 0: sparse with the trainer's loop, 1: dense (BLAS), 2: sparse with the scalar loop, 3: sparse with the
        // trainer's loop and no dense panel
        double[][] seconds = new double[4][7];
        for (int trial = 0; trial < 7; trial++) {
            for (int form = 0; form < 4; form++) {
                long start = System.nanoTime();
                for (InputMatrix[] b : blocks) {
                    if (form == 2) {
                        SparseInputs x = (SparseInputs) b[0];
                        x.affine(w, m, out, ScalarColumnCombiner.INSTANCE);
                        x.addCross(t, m, cross, ScalarColumnCombiner.INSTANCE);
                    } else if (form == 3) {
                        b[2].affine(w, m, out);
                        b[2].addCross(t, m, cross);
                    } else {
                        b[form].affine(w, m, out);
                        b[form].addCross(t, m, cross);
                    }
                }
                seconds[form][trial] = (System.nanoTime() - start) / 1e9 / blocks.size();
            }
        }
        // the first two trials warm the JIT up
        double sparseSeconds = median(Arrays.copyOfRange(seconds[0], 2, 7));
        double denseSeconds = median(Arrays.copyOfRange(seconds[1], 2, 7));
        double scalarSeconds = median(Arrays.copyOfRange(seconds[2], 2, 7));
        double noPanelSeconds = median(Arrays.copyOfRange(seconds[3], 2, 7));
        put("layer1_panel_features", ((SparseInputs) blocks.get(0)[0]).panelFeatures());
        put("layer1_products_per_block_sparse_seconds", sparseSeconds);
        put("layer1_products_per_block_sparse_no_panel_seconds", noPanelSeconds);
        put("layer1_products_per_block_dense_seconds", denseSeconds);
        put("layer1_products_per_block_sparse_scalar_seconds", scalarSeconds);
        put("layer1_sparse_over_dense", sparseSeconds / denseSeconds);
        put("layer1_sparse_scalar_over_sparse", scalarSeconds / sparseSeconds);
        put("layer1_no_panel_over_panel", noPanelSeconds / sparseSeconds);
    }

    private static String rounded(double[] seconds) {
        StringBuilder out = new StringBuilder();
        for (double s : seconds) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.3f", s));
        }
        return out.toString();
    }

    private static double density(double[] x) {
        long nonZeros = 0;
        for (double v : x) {
            if (v != 0) {
                nonZeros++;
            }
        }
        return (double) nonZeros / x.length;
    }

    /** GFLOP/s of C = A B (n × n) with {@code threads} independent single-threaded products at once; median of 5. */
    static double dgemmGflops(int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            SplittableRandom random = new SplittableRandom(1);
            double[] a = random.doubles((long) n * n).toArray();
            double[] b = random.doubles((long) n * n).toArray();
            int reps = Math.max(1, (int) (2e10 / (2.0 * n * n * n) / 10));
            double[] rates = new double[5];
            for (int trial = -1; trial < rates.length; trial++) {
                List<Future<?>> jobs = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    jobs.add(pool.submit(() -> {
                        double[] c = new double[n * n];
                        for (int r = 0; r < reps; r++) {
                            dev.ludovic.netlib.blas.BLAS.getInstance().dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
                        }
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (trial >= 0) {
                    rates[trial] = threads * reps * 2.0 * n * n * n / seconds / 1e9;
                }
            }
            return median(rates);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * FLOPs per sample of one inner iteration counted as dense products (the floor's definition; with sparse x the
     * layer-1 products execute fewer, see {@code inner_iteration_flops_executed}) (ialam.md §4.2, §4.1): W_l v_{l−1}
     * for every layer, W_{l+1}ᵀ g_{l+1} for l &lt; L, G_l for l ≥ 2 by a symmetric rank-k update (half the products),
     * D_1 = Σ u xᵀ, and C_l = Σ (u + ξ/ρ) aᵀ for l ≥ 2 (one product; D_l and E_l, which the multiplier pass gathers
     * once per outer iteration, are not part of an inner iteration). Elementwise work is not counted.
     */
    static double flopsPerInnerIteration(NetworkShape s) {
        double f = 0;
        for (int l = 1; l <= s.layers(); l++) {
            double products = 2.0 * s.width(l) * s.width(l - 1);
            f += products;                                   // W_l v_{l-1}
            f += products;                                   // D_1, or C_l = Σ (u + ξ/ρ) aᵀ for l ≥ 2
            if (l < s.layers()) {
                f += 2.0 * s.width(l + 1) * s.width(l);      // W_{l+1}ᵀ g_{l+1}
            }
            if (l >= 2) {
                f += (double) s.width(l - 1) * s.width(l - 1);   // G_l (dsyrk)
            }
        }
        return f;
    }

    /** The per-sample state (u, v, ξ of every layer) plus inputs and targets, in bytes. */
    static double stateBytes(NetworkShape s, long n) {
        return 8.0 * n * (3.0 * s.auxiliaryPerSample() + s.inputs() + s.outputs());
    }

    private LabeledData load(int n) {
        String dir = mnist != null ? mnist : System.getenv().getOrDefault("MNIST_DIR", "data/mnist");
        if (new File(dir, "train-images-idx3-ubyte.gz").exists() || new File(dir, "train-images-idx3-ubyte").exists()) {
            put("data", "MNIST from " + dir);
            return MnistReader.readTrain(dir, n, new Configuration());
        }
        put("data", "synthetic, MNIST shape (no MNIST in " + dir + ")");
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < 0.2 ? random.nextDouble() : 0;
        }
        int[] labels = random.ints(n, 0, 10).toArray();
        double[] classes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        return LabeledData.classification(x, 784, labels, classes, "synthetic MNIST-shaped data");
    }

    private NetworkShape shape(LabeledData data) {
        return NetworkShape.of(data.inputDim(), hidden, data.outputDim());
    }

    /** Seconds of the counted inner iterations (whole, passes, solve) and the peak live heap, of one or more runs. */
    private record Measurement(double[] seconds, double[] pass, double[] solver, double peakLiveHeap) {
        static final Measurement NONE = new Measurement(new double[0], new double[0], new double[0], 0);

        Measurement and(Measurement other) {
            return new Measurement(concat(seconds, other.seconds), concat(pass, other.pass),
                    concat(solver, other.solver), Math.max(peakLiveHeap, other.peakLiveHeap));
        }

        double median() {
            return InnerIterationBenchmark.median(seconds);
        }

        double medianPass() {
            return InnerIterationBenchmark.median(pass);
        }

        double medianSolver() {
            return InnerIterationBenchmark.median(solver);
        }

        private static double[] concat(double[] a, double[] b) {
            double[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }

    private Measurement withSpark(String master, LabeledData data, NetworkShape shape, boolean trackHeap) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("ialam-bench")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        KryoClasses.useKryoIfUnset(conf);  // as the trainer's command line does
        TaskResultSize.directInLocalModeIfUnset(conf);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            return measure(DistributedSamples.of(sc, shape, data, 2, StorageLevel.MEMORY_ONLY(), 0, "bench"), shape,
                    DriverCores.forMaster(master), trackHeap);
        }
    }

    /** Runs one outer iteration of {@code inner} inner iterations; medians over all but the first {@code skip}. */
    private Measurement measure(SamplePasses passes, NetworkShape shape, int solverThreads, boolean trackHeap) {
        IalamConfig config = IalamConfig.builder().maxOuter(1).maxInner(inner).innerTolerance(0).build();
        List<InnerIteration> its = new ArrayList<>();
        double[] peak = {0};
        try (passes) {
            new IalamTrainer(config).solverThreads(solverThreads).onInnerIteration(it -> {
                its.add(it);
                if (trackHeap) {
                    peak[0] = Math.max(peak[0], liveHeapAfterGc());
                }
            }).train(null, passes, null, WeightInit.draw(shape, config, passes.size()), true);
        }
        double[] seconds = its.stream().skip(skip).mapToDouble(InnerIteration::seconds).toArray();
        double[] solver = its.stream().skip(skip).mapToDouble(InnerIteration::solverSeconds).toArray();
        double[] pass = new double[seconds.length];
        for (int i = 0; i < pass.length; i++) {
            pass[i] = seconds[i] - solver[i];
        }
        return new Measurement(seconds, pass, solver, peak[0]);
    }

    /** Heap in use after a full collection: the live set, not garbage the collector has not reclaimed yet. */
    private static double liveHeapAfterGc() {
        System.gc();
        double used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
