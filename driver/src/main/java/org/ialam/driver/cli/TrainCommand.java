package org.ialam.driver.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.ialam.driver.data.InvalidInputException;
import org.ialam.driver.data.LabeledData;
import org.ialam.driver.data.LibsvmReader;
import org.ialam.driver.data.MnistReader;
import org.ialam.driver.data.SyntheticTeacher;
import org.ialam.driver.output.ModelFiles;
import org.ialam.driver.output.RunOutput;
import org.ialam.driver.solver.Lapack;
import org.ialam.driver.spark.DistributedSamples;
import org.ialam.driver.spark.DriverCores;
import org.ialam.driver.spark.LineageCut;
import org.ialam.driver.spark.SampleBlocks;
import org.ialam.driver.train.IalamConfig;
import org.ialam.driver.train.IalamTrainer;
import org.ialam.driver.train.TrainingCheckpoints;
import org.ialam.driver.train.TrainingResult;
import org.ialam.driver.train.WeightInit;
import org.ialam.ops.Blas;
import org.ialam.ops.ColumnCombiner;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;
import org.ialam.ops.SampleBlock;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ialam train}: load data, train by IALAM, write metrics, summary and model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {"Train a group-sparse leaky-ReLU network by IALAM (see docs/ialam.md of the project).",
            "Data: MNIST (default; --mnist DIR or $MNIST_DIR, else data/mnist), --libsvm FILE, or --synthetic.",
            "β, ρ⁰, λ_v and τ₁ are given per sample (the run divides them by N)."},
        showDefaultValues = true)
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    static final class Source {
        @Option(names = "--mnist", paramLabel = "DIR", description = "Directory with the four MNIST IDX files (raw or .gz).")
        String mnist;
        @Option(names = "--libsvm", paramLabel = "FILE", description = "Training data in LIBSVM format (integer labels: classification).")
        String libsvm;
        @Option(names = "--synthetic", description = "The paper's synthetic data: a random sparse leaky-ReLU teacher network.")
        boolean synthetic;
    }

    @ArgGroup(exclusive = true)
    private Source source = new Source();

    @Option(names = "--libsvm-test", paramLabel = "FILE", description = "Test data in LIBSVM format (with --libsvm).")
    private String libsvmTest;
    @Option(names = "--train-limit", paramLabel = "N", description = "Use the first N training samples (file order); 0: all.")
    private int trainLimit;
    @Option(names = "--test-limit", paramLabel = "N", description = "Use the first N test samples; 0: all.")
    private int testLimit;
    // the two lists are read as one string each: picocli appends the values of a repeated split option, so
    // `@conf/preset.args --hidden 50` would add a layer to the preset's instead of replacing it
    @Option(names = "--synthetic-teacher", paramLabel = "N0,N1,…,NL",
            description = "Layer sizes of the synthetic teacher.", defaultValue = "40,10,1")
    private String teacherSizesList;
    /** {@link #teacherSizesList} read. */
    private int[] teacherSizes;
    @Option(names = "--synthetic-samples", paramLabel = "N", defaultValue = "2000", description = "Synthetic training samples (test: N/5).")
    private int syntheticSamples;
    @Option(names = "--synthetic-zero-inputs", paramLabel = "K", description = "Inputs the synthetic teacher ignores (default: a quarter).")
    private Integer syntheticZeroInputs;

    @Option(names = "--hidden", paramLabel = "N1,N2,…", description = "Hidden layer widths (default 200,100; for --synthetic the teacher's).")
    private String hiddenList;

    @Option(names = "--alpha", defaultValue = "0.1", description = "Leaky-ReLU slope α in [0, 1); 0 is ReLU.")
    private double alpha;
    @Option(names = "--lambda-w", defaultValue = "1.2e-3", description = "Group-lasso weight λ_w on weight columns.")
    private double lambdaW;
    @Option(names = "--beta", defaultValue = "5", description = "β·N, exact-penalty weight of v = σ(u).")
    private double beta;
    @Option(names = "--lambda-v", defaultValue = "1e-3", description = "λ_v·N, weight of Σ||v||².")
    private double lambdaV;
    @Option(names = "--rho0", defaultValue = "3", description = "ρ⁰·N, initial penalty.")
    private double rho0;
    @Option(names = "--tau1", defaultValue = "1e-3", description = "τ₁·N, proximal weight of u₁.")
    private double tau1;
    @Option(names = "--eta1", defaultValue = "0.9", description = "ρ kept when ||r|| ≤ η₁·max of the last γ.")
    private double eta1;
    @Option(names = "--eta2", defaultValue = "2", description = "ρ growth factor η₂ > 1.")
    private double eta2;
    @Option(names = "--eta3", defaultValue = "1.01", description = "ρ grows to at least ||ξ||^(1+η₃).")
    private double eta3;
    @Option(names = "--gamma", defaultValue = "8", description = "γ, the residual window of the ρ rule.")
    private int gamma;
    @Option(names = "--rho-limit", defaultValue = "1000", description = "Stop when ρ > this·ρ⁰.")
    private double rhoLimit;
    @Option(names = "--max-outer", paramLabel = "K", defaultValue = "55", description = "Maximum outer iterations.")
    private int maxOuter;
    @Option(names = "--max-inner", paramLabel = "J", defaultValue = "10", description = "Inner iterations per outer iteration (J_max).")
    private int maxInner;
    @Option(names = "--inner-tol", defaultValue = "1e-4", description = "Inner loop stops early below this relative change of (W,b) and (v,u).")
    private double innerTol;
    @Option(names = "--solver-tol", defaultValue = "1e-6", description = "Relative KKT tolerance of the (W,b) group-lasso solve.")
    private double solverTol;
    @Option(names = "--solver-max-iter", defaultValue = "2000", description = "Iteration limit of one (W,b) solve.")
    private int solverMaxIter;
    @Option(names = "--bias-lower-bound", paramLabel = "B", description = "Lower bound on every bias (§7); default none.")
    private Double biasLowerBound;
    @Option(names = "--init", defaultValue = "gaussian", description = "Start: gaussian (W⁰ = randn·scale) or paper (randn/N).")
    private String init;
    @Option(names = "--init-scale", defaultValue = "0.1", description = "Standard deviation of W⁰ for --init gaussian.")
    private double initScale;
    @Option(names = "--init-model", paramLabel = "DIR", description = "Start from a saved model (W, b; u, v by a forward pass; ξ = 0).")
    private String initModel;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and of synthetic data.")
    private long seed;
    @Option(names = "--sparsity-epsilon", defaultValue = "1e-6", description = "A column counts as zero below this 2-norm.")
    private double sparsityEpsilon;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory; must not exist unless --overwrite (default out/run-<time>).")
    private String out;
    @Option(names = "--overwrite", description = "Replace --out if it holds an earlier run's output (only after the new one is complete).")
    private boolean overwrite;
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*]).")
    private String master;
    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Any Spark setting, as in spark-submit (repeatable).")
    private List<String> sparkConf = new ArrayList<>();
    @Option(names = "--partitions", defaultValue = "0", description = "Sample blocks (partitions); 0: Spark's default parallelism.")
    private int partitions;
    @Option(names = "--driver-threads", defaultValue = "0", paramLabel = "N",
            description = "Threads of the driver's (W,b) solve; 0: k for local[k] (the run's cores), else every core.")
    private int driverThreads;
    @Option(names = "--rdd-checkpoint-interval", defaultValue = "10",
            description = "Cut the per-sample state's RDD lineage every K passes (a reliable checkpoint to "
                    + "spark.checkpoint.dir on a cluster that sets it, else a local one, with which losing an executor "
                    + "fails the run); 0: never, for runs of at most 100 passes.")
    private int rddCheckpointInterval;
    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Save the complete training state here (atomically) every --checkpoint-every outer iterations.")
    private String checkpointDir;
    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "1", description = "Outer iterations between checkpoints.")
    private int checkpointEvery;
    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue from the latest checkpoint in DIR (its configuration; --max-outer may extend it).")
    private String resume;

    @Override
    public Integer call() throws Exception {
        IalamConfig config = config();
        if (resume != null && checkpointDir == null) {
            checkpointDir = resume;   // a resumed run keeps checkpointing where it came from
        }
        if (driverThreads < 0) {
            throw new IllegalArgumentException("--driver-threads: " + driverThreads + " is out of range, expected ≥ 0 (0: automatic)");
        }
        int[] hiddenSizes = hiddenList == null ? null : positiveIntegers("--hidden", hiddenList, "200,100");
        teacherSizes = positiveIntegers("--synthetic-teacher", teacherSizesList, "40,10,1");
        if (teacherSizes.length < 2) {
            throw new IllegalArgumentException("--synthetic-teacher: '" + teacherSizesList
                    + "' has one size, expected at least an input and an output size such as 40,10,1");
        }
        requireAtLeast("--partitions", partitions, 0, "0: Spark's default parallelism");
        requireAtLeast("--train-limit", trainLimit, 0, "0: all");
        requireAtLeast("--test-limit", testLimit, 0, "0: all");
        if (libsvmTest != null && source.libsvm == null) {
            throw new IllegalArgumentException("--libsvm-test: needs --libsvm (MNIST brings its own test set, synthetic"
                    + " data makes one)");
        }
        if (resume != null && initModel != null) {
            throw new IllegalArgumentException("--init-model: not with --resume (a resumed run starts from its"
                    + " checkpoint's weights)");
        }
        String outDir = out != null ? out : "out/run-" + Instant.now().toString().replace(':', '-').replaceAll("\\..*", "");
        PrintWriter console = spec.commandLine().getOut();

        // getOrCreate returns a context already running in this JVM (an embedding application, the tests) and
        // ignores our conf then; the marker tells whether this command created the context and must stop it.
        String marker = java.util.UUID.randomUUID().toString();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(startSpark(sparkConf().set(OWNER_KEY, marker)));
        boolean ownContext = marker.equals(sc.getConf().get(OWNER_KEY, ""));
        try {
            if (!ownContext && (master != null || !sparkConf.isEmpty())) {
                console.println("note     a SparkContext is already running in this JVM: --master and --conf are ignored");
            }
            Configuration hadoop = sc.hadoopConfiguration();
            RunOutput output = RunOutput.claim(outDir, hadoop, overwrite);
            TrainingCheckpoints.Loaded resumed = resume == null ? null : TrainingCheckpoints.latest(resume, hadoop);
            // a new run, or a resumed one that checkpoints elsewhere, would delete the checkpoints it finds there
            if (checkpointDir != null && (resume == null || !sameDirectory(resume, checkpointDir, hadoop))) {
                TrainingCheckpoints.requireNoCheckpoints(checkpointDir, hadoop);
            }
            if (resumed != null) {
                requireSameConfiguration(config, resumed);
                IalamConfig.Builder saved = resumed.config().toBuilder();
                if (spec.commandLine().getParseResult().hasMatchedOption("--max-outer")) {
                    saved.maxOuter(maxOuter);
                }
                config = saved.build();
                console.printf("resume   %s: after outer iteration %d, rho %.3e (its configuration is used)%n",
                        resumed.path(), resumed.state().completedOuter(), resumed.state().rho());
            }
            // without a lineage cut a long run overflows the tasks' stacks: refuse it before any data is read (for a
            // resumed run this counts the whole run, erring towards refusing)
            LineageCut.requireSurvivable(rddCheckpointInterval, 1 + (long) config.maxOuter * (config.maxInner + 1));
            DataSets data = loadData(sc, hadoop, config);
            int[] hiddenWidths = hiddenSizes != null ? hiddenSizes
                    : source.synthetic ? Arrays.copyOfRange(teacherSizes, 1, teacherSizes.length - 1) : new int[] {200, 100};
            NetworkShape shape = shape(data.train, hiddenWidths);
            // a resumed run starts from its checkpoint's weights
            NetworkWeights start = resumed != null ? null : startingWeights(shape, config, data.train.size(), hadoop);

            int blocks = partitions > 0 ? partitions : sc.defaultParallelism();
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("data", data.train.description());
            identity.put("train_samples", data.train.size());
            identity.put("layer_sizes", shape.toString());
            if (resumed != null) {
                // the per-sample state is saved per partition: the same partitions are needed to read it back
                blocks = ((Number) resumed.identity().get("partitions")).intValue();
                if (partitions > 0 && partitions != blocks) {
                    throw new InvalidInputException(resumed.path() + ": --partitions is " + partitions + " here but "
                            + blocks + " in the checkpoint, whose per-sample state is saved per partition (leave it out)");
                }
                identity.put("partitions", blocks);
                if (!identity.equals(resumed.identity())) {
                    throw new InvalidInputException(resumed.path() + ": checkpoint was made for " + resumed.identity()
                            + ", not for this run's " + identity + " (same data, --train-limit and --hidden needed)");
                }
            }
            identity.put("partitions", blocks);
            console.printf("data     %s%n", data.train.description());
            if (data.test != null) {
                console.printf("test     %s%n", data.test.description());
            }
            console.printf("network  %s, alpha %s, lambda_w %s%n", shape, config.alpha, config.lambdaW);
            int solverThreads = driverThreads > 0 ? driverThreads : DriverCores.forMaster(sc.master());
            String kernels = Blas.kernels();
            console.printf("spark    %s %s, %d partitions; BLAS %s%s, LAPACK %s; sparse products: %s; (v,u) pairs: %s; "
                            + "(W,b) solve on %d driver thread%s%n",
                    sc.master(), sc.version(), blocks, Blas.implementation(),
                    kernels.equals(Blas.NO_KERNELS) ? "" : " (" + kernels + ")", Lapack.implementation(),
                    ColumnCombiner.fastest().description(),
                    org.ialam.ops.VuPairLoop.fastest().description(), solverThreads, solverThreads == 1 ? "" : "s");
            console.printf("config   %s%n", config.asMap());
            console.flush();

            TrainingResult result;
            try (DistributedSamples samples = DistributedSamples.of(sc, shape, data.train, blocks,
                    StorageLevel.MEMORY_ONLY(), rddCheckpointInterval, "IALAM training samples")) {
                console.printf("lineage  %s%n", samples.lineageDescription());
                console.flush();
                SampleBlocks testBlocks = data.test == null ? null
                        : SampleBlocks.of(sc, data.test, blocks, StorageLevel.MEMORY_ONLY(), "IALAM test samples");
                JavaRDD<SampleBlock> test = testBlocks == null ? null : testBlocks.rdd();
                IalamTrainer trainer = new IalamTrainer(config).solverThreads(solverThreads).onOuterIteration(it -> {
                    // after a signal the iteration under way may still finish while the shutdown hooks run; its line
                    // would follow the notice that the run stopped (Main), and no output of it will be written
                    if (!Main.jvmShuttingDown()) {
                        console.println(it.logLine());
                        console.flush();
                    }
                });
                if (checkpointDir != null) {
                    trainer.checkpointer(new TrainingCheckpoints(checkpointDir, checkpointEvery, hadoop, config, identity));
                }
                result = resumed != null
                        ? trainer.resume(sc, samples, test, resumed.state(), resumed.stateDir(), data.train.isClassification())
                        : trainer.train(sc, samples, test, start, data.train.isClassification());
                if (testBlocks != null) {
                    testBlocks.close();
                }
            }

            Map<String, Object> provenance = provenance(sc, config, data, shape, blocks, solverThreads);
            Map<String, Object> extras = new LinkedHashMap<>(provenance);
            if (data.teacherZeroInputs != null) {
                Map<String, Object> support = supportRecovery(data.teacherZeroInputs, result.weights(), config.sparsityEpsilon);
                extras.put("support_recovery", support);
                console.printf("support  teacher ignores inputs %s; model's zero input columns %s%n",
                        support.get("teacher_zero_inputs"), support.get("model_zero_inputs"));
            }
            output.write(result, config.alpha, config.sparsityEpsilon, extras, provenance);
            console.printf("stopped  %s after %d outer / %d inner iterations in %.1f s (%.2f s per inner iteration)%n",
                    result.stopReason(), result.history().size(), result.innerIterations(), result.seconds(),
                    result.secondsPerInnerIteration());
            console.printf("wrote    %s%n", output.path());
            console.flush();
        } finally {
            if (ownContext) {
                sc.stop();
            }
        }
        return 0;
    }

    private IalamConfig config() {
        IalamConfig.Init initScheme = switch (init.toLowerCase(java.util.Locale.ROOT)) {
            case "gaussian" -> IalamConfig.Init.GAUSSIAN;
            case "paper" -> IalamConfig.Init.PAPER;
            default -> throw new IllegalArgumentException("--init: '" + init + "' is not a start, expected gaussian or paper");
        };
        return IalamConfig.builder().alpha(alpha).lambdaW(lambdaW).betaPerSample(beta).lambdaVPerSample(lambdaV)
                .rho0PerSample(rho0).tau1PerSample(tau1).eta1(eta1).eta2(eta2).eta3(eta3).gamma(gamma)
                .rhoLimitFactor(rhoLimit).maxOuter(maxOuter).maxInner(maxInner).innerTolerance(innerTol)
                .solverTolerance(solverTol).solverMaxIterations(solverMaxIter)
                .biasLowerBound(biasLowerBound == null ? Double.NEGATIVE_INFINITY : biasLowerBound)
                .init(initScheme).initScale(initScale).seed(seed).sparsityEpsilon(sparsityEpsilon).build();
    }

    /**
     * A resumed run keeps its checkpoint's configuration; an option given on the command line with another value
     * would otherwise be ignored without a word. Only {@code --max-outer} may change (it extends the run).
     */
    private void requireSameConfiguration(IalamConfig given, TrainingCheckpoints.Loaded resumed) {
        Map<String, Object> asked = given.asMap();
        Map<String, Object> saved = resumed.config().asMap();
        for (Map.Entry<String, Object> e : asked.entrySet()) {
            String option = "--" + e.getKey();
            if (!option.equals("--max-outer") && spec.commandLine().getParseResult().hasMatchedOption(option)
                    && !e.getValue().equals(saved.get(e.getKey()))) {
                throw new InvalidInputException(resumed.path() + ": " + option + " is " + e.getValue() + " here but "
                        + saved.get(e.getKey()) + " in the checkpoint; a resumed run keeps its configuration (only"
                        + " --max-outer may change)");
            }
        }
    }

    private static boolean sameDirectory(String a, String b, Configuration hadoop) {
        try {
            Path pa = new Path(a);
            Path pb = new Path(b);
            return pa.getFileSystem(hadoop).makeQualified(pa).equals(pb.getFileSystem(hadoop).makeQualified(pb));
        } catch (java.io.IOException e) {
            throw InvalidInputException.cannotRead(new Path(b), e);
        }
    }

    /**
     * {@code SparkContext.getOrCreate}, with a master URL that Spark cannot parse reported as bad input naming
     * {@code --master} (Spark throws a bare SparkException for it, which would end in a stack trace).
     */
    private static org.apache.spark.SparkContext startSpark(SparkConf conf) throws Exception {
        try {
            return org.apache.spark.SparkContext.getOrCreate(conf);
        } catch (Exception e) {
            if (e instanceof org.apache.spark.SparkException && String.valueOf(e.getMessage()).contains("Master URL")) {
                throw new IllegalArgumentException("--master: " + e.getMessage()
                        + ", expected local[N], local[*], spark://HOST:PORT, yarn or k8s://URL");
            }
            throw e;
        }
    }

    /** A comma-separated list of positive integers, such as {@code 200,100}. */
    static int[] positiveIntegers(String option, String list, String example) {
        String[] parts = list.split(",", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                values[i] = 0;
            }
            if (values[i] <= 0) {
                throw new IllegalArgumentException(option + ": '" + list + "' is not a list of positive integers, expected"
                        + " for example " + example);
            }
        }
        return values;
    }

    private static void requireAtLeast(String option, int value, int least, String meaning) {
        if (value < least) {
            throw new IllegalArgumentException(option + ": " + value + " is out of range, expected ≥ " + least
                    + " (" + meaning + ")");
        }
    }

    private static final String OWNER_KEY = "spark.ialam.contextOwner";

    private SparkConf sparkConf() {
        SparkConf conf = new SparkConf().setAppName("ialam-train");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        for (String kv : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--conf: '" + kv + "' is not KEY=VALUE");
            }
            conf.set(kv.substring(0, eq), kv.substring(eq + 1));
        }
        org.ialam.driver.spark.KryoClasses.useKryoIfUnset(conf);
        return org.ialam.driver.spark.TaskResultSize.directInLocalModeIfUnset(conf);
    }

    /** Training and (optional) test data; for synthetic data, the inputs the teacher ignores. */
    private record DataSets(LabeledData train, LabeledData test, String kind, boolean[] teacherZeroInputs) {
    }

    private DataSets loadData(JavaSparkContext sc, Configuration hadoop, IalamConfig config) {
        if (source.synthetic) {
            int testSize = (syntheticSamples + 4) / 5;
            int zeroInputs = syntheticZeroInputs != null ? syntheticZeroInputs : teacherSizes[0] / 4;
            if (zeroInputs < 0 || zeroInputs > teacherSizes[0]) {
                throw new IllegalArgumentException("--synthetic-zero-inputs: " + zeroInputs + " is out of range, expected 0.."
                        + teacherSizes[0] + " (the teacher's inputs)");
            }
            if (syntheticSamples < 1) {
                throw new IllegalArgumentException("--synthetic-samples: " + syntheticSamples + " is out of range, expected ≥ 1");
            }
            SyntheticTeacher.Result teacher = SyntheticTeacher.generate(teacherSizes, config.alpha, zeroInputs,
                    syntheticSamples + testSize, seed);
            LabeledData all = teacher.data();
            return new DataSets(limit(all.head(syntheticSamples)), tail(all, syntheticSamples), "synthetic",
                    teacher.zeroInput());
        }
        if (source.libsvm != null) {
            LabeledData train = LibsvmReader.read(sc, source.libsvm, 0, hadoop);
            LabeledData test = libsvmTest == null ? null : LibsvmReader.readMatching(sc, libsvmTest, train, hadoop);
            return new DataSets(limit(train), test == null ? null : limitTest(test), "libsvm", null);
        }
        String dir = source.mnist != null ? source.mnist
                : System.getenv("MNIST_DIR") != null ? System.getenv("MNIST_DIR") : "data/mnist";
        LabeledData train = MnistReader.readTrain(dir, trainLimit, hadoop);
        LabeledData test = MnistReader.readTest(dir, testLimit, hadoop);
        return new DataSets(train, test, "mnist", null);
    }

    private LabeledData limit(LabeledData d) {
        return trainLimit > 0 && trainLimit < d.size() ? d.head(trainLimit) : d;
    }

    private LabeledData limitTest(LabeledData d) {
        return testLimit > 0 && testLimit < d.size() ? d.head(testLimit) : d;
    }

    private static LabeledData tail(LabeledData all, int from) {
        int n = all.size() - from;
        int in = all.inputDim();
        int out = all.outputDim();
        double[] x = Arrays.copyOfRange(all.features(), from * in, all.size() * in);
        double[] y = Arrays.copyOfRange(all.targets(), from * out, all.size() * out);
        return LabeledData.regression(x, in, y, out, "synthetic test (" + n + " samples)");
    }

    private static NetworkShape shape(LabeledData train, int[] hiddenWidths) {
        return NetworkShape.of(train.inputDim(), hiddenWidths, train.outputDim());
    }

    private NetworkWeights startingWeights(NetworkShape shape, IalamConfig config, long n, Configuration hadoop) {
        if (initModel == null) {
            return WeightInit.draw(shape, config, n);
        }
        NetworkWeights saved = ModelFiles.read(new Path(initModel), hadoop);
        if (!saved.shape().equals(shape)) {
            throw new InvalidInputException(new Path(initModel, "metadata.json") + ": layer_sizes is " + saved.shape()
                    + ", expected " + shape + " (data and --hidden)");
        }
        return saved;
    }

    /** Which inputs the teacher ignores and which input columns of W_1 the model zeroed (ialam.md §1). */
    private static Map<String, Object> supportRecovery(boolean[] teacherZero, NetworkWeights weights, double epsilon) {
        List<Integer> teacher = new ArrayList<>();
        List<Integer> model = new ArrayList<>();
        for (int j = 0; j < teacherZero.length; j++) {
            if (teacherZero[j]) {
                teacher.add(j);
            }
            if (weights.columnNorm(1, j) < epsilon) {
                model.add(j);
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("teacher_zero_inputs", teacher);
        s.put("model_zero_inputs", model);
        s.put("exact", teacher.equals(model));
        return s;
    }

    private Map<String, Object> provenance(JavaSparkContext sc, IalamConfig config, DataSets data, NetworkShape shape,
            int blocks, int solverThreads) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("config", config.asMap());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", data.kind);
        d.put("train", data.train.description());
        d.put("train_samples", data.train.size());
        d.put("test", data.test == null ? null : data.test.description());
        d.put("test_samples", data.test == null ? 0 : data.test.size());
        p.put("data", d);
        p.put("layer_sizes", shape.widths());
        p.put("init_model", initModel);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("master", sc.master());
        s.put("version", sc.version());
        s.put("partitions", blocks);
        s.put("driver_threads", solverThreads);
        s.put("blas", Blas.implementation());
        s.put("blas_kernels", Blas.kernels());
        s.put("lapack", Lapack.implementation());
        // the driver's choice; executors choose for themselves (Spark starts them with the same module option)
        s.put("sparse_kernel", ColumnCombiner.fastest().description());
        s.put("pair_kernel", org.ialam.ops.VuPairLoop.fastest().description());
        p.put("spark", s);
        p.put("code_version", Main.codeVersion());
        p.put("finished_at", Instant.now().toString());
        return p;
    }
}
