package org.ialam.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ialam.driver.output.ModelFiles;
import org.ialam.driver.spark.SharedSpark;
import org.ialam.ops.NetworkWeights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: outputs of a run, and one-line refusals of bad input that touch nothing. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SharedSpark.context();
    }

    /** Exit code, stdout and stderr of one command line. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void syntheticRunWritesMetricsSummaryAndALoadableModel() throws Exception {
        Path out = tmp.resolve("run");
        Run r = run("train", "--synthetic", "--synthetic-teacher", "8,4,2", "--synthetic-samples", "200",
                "--synthetic-zero-inputs", "2", "--max-outer", "3", "--max-inner", "2", "--partitions", "2",
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("outer   3"), r.out());

        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("k,rho,residual,feas_vi,train_err,test_err,train_acc,test_acc,column_sparsity,seconds", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(3).startsWith("3,"));

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (String field : new String[] {"k", "rho", "residual", "feas_vi", "train_err", "test_err", "train_acc",
            "test_acc", "column_sparsity", "seconds", "config", "data", "stop_reason"}) {
            assertTrue(summary.has(field), "summary.json lacks " + field);
        }
        assertEquals(3, summary.get("k").asInt());
        assertEquals(0, summary.get("solver_unconverged_solves").asInt(), "every (W,b) solve reached its tolerance");
        assertTrue(summary.get("solver_worst_relative_kkt_residual").asDouble() <= 1e-6);
        assertEquals(0.1, summary.get("config").get("alpha").asDouble());
        assertTrue(summary.get("train_acc").isNull(), "synthetic data is a regression: no accuracy");
        // the tests' shared context runs local[2,2]: the solve gets the run's two cores
        assertEquals(2, summary.get("spark").get("driver_threads").asInt());
        assertTrue(r.out().contains("(W,b) solve on 2 driver threads"), r.out());

        NetworkWeights model = ModelFiles.read(new org.apache.hadoop.fs.Path(out.resolve("model").toString()),
                new Configuration());
        assertEquals("8-4-2", model.shape().toString());
        assertTrue(model.isFinite());
        // no checksum files beside the outputs: a model edited in place by another tool (np.save) still reads back
        try (var files = Files.walk(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList());
        }
        Path w1 = out.resolve("model").resolve("W1.npy");
        byte[] npy = Files.readAllBytes(w1);
        java.nio.ByteBuffer.wrap(npy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(npy.length - 8, 0.25);
        Files.write(w1, npy);
        NetworkWeights edited = ModelFiles.read(new org.apache.hadoop.fs.Path(out.resolve("model").toString()),
                new Configuration());
        assertEquals(0.25, edited.augmented(1)[4 * 8 - 1], "W1[3][7], the last value of W1.npy (row-major)");
        // and the staging directory is gone
        try (var entries = Files.list(tmp)) {
            assertEquals(List.of(out), entries.toList());
        }
    }

    @Test
    void anOptionAfterAnArgumentFileOverridesTheFile() throws Exception {
        Path preset = Files.writeString(tmp.resolve("preset.args"), "--lambda-w 1e-2\n--max-outer 2\n");
        Path out = tmp.resolve("override");
        Run r = run("train", "@" + preset, "--synthetic", "--synthetic-samples", "60", "--max-inner", "1",
                "--lambda-w", "2e-2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode config = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("config");
        assertEquals(2e-2, config.get("lambda-w").asDouble(), "the later --lambda-w wins");
        assertEquals(2, config.get("max-outer").asInt(), "the file's other options stay");
    }

    /** picocli appends a repeated list option's values; a later list must replace the file's instead. */
    @Test
    void aListOptionAfterAnArgumentFileReplacesTheFilesList() throws Exception {
        Path preset = Files.writeString(tmp.resolve("lists.args"), "--synthetic-teacher 6,4,1\n--hidden 7,5\n--max-outer 1\n");
        Path out = tmp.resolve("lists");
        Run r = run("train", "@" + preset, "--synthetic", "--synthetic-samples", "60", "--max-inner", "1",
                "--synthetic-teacher", "5,3,1", "--hidden", "3", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode meta = new ObjectMapper().readTree(out.resolve("model").resolve("metadata.json").toFile());
        assertEquals("[5,3,1]", meta.get("layer_sizes").toString());
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsRefusedBeforeTraining() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "mine");
        Run r = run("train", "--synthetic", "--synthetic-samples", "50", "--out", file.resolve("run").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertOneLine(r.err(), "the output directory cannot be created");
        assertFalse(r.out().contains("outer"), "refused before training: " + r.out());
        assertEquals("mine", Files.readString(file));
    }

    /**
     * A resumed run keeps its checkpoint's configuration: another value for a setting is refused, not ignored, and
     * checkpointing into a directory that holds another run's checkpoints is refused, not allowed to delete them.
     */
    @Test
    void aResumedRunRefusesOtherSettingsAndAnotherRunsCheckpoints() throws Exception {
        String ck = tmp.resolve("ck").toString();
        Path other = tmp.resolve("other");
        String[] base = {"train", "--synthetic", "--synthetic-samples", "60", "--max-inner", "1", "--partitions", "2"};
        assertEquals(0, run(with(base, "--max-outer", "2", "--checkpoint-dir", ck, "--out", out("o1"))).exit());
        assertEquals(0, run(with(base, "--max-outer", "1", "--seed", "5", "--checkpoint-dir", other.toString(),
                "--out", out("o2"))).exit());
        List<Path> othersCheckpoints;
        try (var entries = Files.list(other)) {
            othersCheckpoints = entries.toList();
        }

        assertRefused("--lambda-w is 0.05 here but 0.0012 in the checkpoint",
                with(base, "--resume", ck, "--max-outer", "3", "--lambda-w", "5e-2", "--out", out("o3")));
        assertRefused("--partitions is 3 here but 2 in the checkpoint", "train", "--synthetic", "--synthetic-samples",
                "60", "--max-inner", "1", "--partitions", "3", "--resume", ck, "--max-outer", "3", "--out", out("o4"));
        assertRefused("holds checkpoints of an earlier run", with(base, "--resume", ck, "--max-outer", "3",
                "--checkpoint-dir", other.toString(), "--out", out("o5")));
        try (var entries = Files.list(other)) {
            assertEquals(othersCheckpoints, entries.toList(), "the other run's checkpoints are untouched");
        }
        for (String refused : new String[] {"o3", "o4", "o5"}) {
            assertFalse(Files.exists(tmp.resolve(refused)));
        }
        // the checkpoint's own values given again are fine, and --max-outer extends the run
        Run same = run(with(base, "--resume", ck, "--max-outer", "3", "--lambda-w", "1.2e-3", "--out", out("o6")));
        assertEquals(0, same.exit(), same.err());
        assertTrue(same.out().contains("outer   3"), same.out());
    }

    private String out(String name) {
        return tmp.resolve(name).toString();
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** A (W,b) solve cut off by --solver-max-iter is reported, in the log line and in summary.json. */
    @Test
    void solvesCutShortAreReported() throws Exception {
        Path out = tmp.resolve("short");
        Run r = run("train", "--synthetic", "--synthetic-samples", "100", "--max-outer", "1", "--max-inner", "2",
                "--solver-max-iter", "1", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("solves short of the tolerance"), r.out());
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        // 2 inner iterations × 2 layers, none of which one step can solve to 1e-6 from the random start
        assertEquals(4, summary.get("solver_unconverged_solves").asInt());
        assertTrue(summary.get("solver_worst_relative_kkt_residual").asDouble() > 1e-6);
    }

    @Test
    void existingOutputDirectoryIsRefusedAndLeftAlone() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Path keep = Files.writeString(out.resolve("precious.txt"), "do not touch");
        Run r = run("train", "--synthetic", "--synthetic-samples", "50", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertOneLine(r.err(), "already exists");
        assertEquals("do not touch", Files.readString(keep));
        try (var entries = Files.list(out)) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void overwriteReplacesOnlyAnEarlierRunsOutput() throws Exception {
        Path out = tmp.resolve("again");
        String[] args = {"train", "--synthetic", "--synthetic-samples", "60", "--max-outer", "1", "--max-inner", "1",
            "--out", out.toString()};
        assertEquals(0, run(args).exit());
        Files.writeString(out.resolve("metrics.csv"), "stale");
        String[] again = java.util.Arrays.copyOf(args, args.length + 1);
        again[args.length] = "--overwrite";
        Run r = run(again);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(out.resolve("metrics.csv")).startsWith("k,rho"), "replaced by the new run");
        try (var entries = Files.list(tmp)) {
            assertEquals(List.of(out), entries.toList(), "no staging or replaced directory left");
        }
        // a directory that is not a run's output is never replaced, even with --overwrite
        Path other = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(other.resolve("mine.txt"), "keep");
        again[args.length - 1] = other.toString();
        Run refused = run(again);
        assertEquals(Main.EXIT_BAD_INPUT, refused.exit());
        assertOneLine(refused.err(), "--overwrite replaces only");
        assertEquals("keep", Files.readString(other.resolve("mine.txt")));
    }

    @Test
    void aRunDivergingMidwayLeavesTheLastGoodCheckpointIntact() throws Exception {
        Path checkpoints = tmp.resolve("ck");
        String[] args = {"train", "--synthetic", "--synthetic-samples", "60", "--max-outer", "4", "--max-inner", "2",
            "--inner-tol", "0", "--partitions", "2", "--rdd-checkpoint-interval", "0", "--checkpoint-dir", checkpoints.toString(),
            "--out", tmp.resolve("diverged").toString()};
        // passes: 1 the initial state; outer k: 3k−1 and 3k the (v,u) steps, 3k+1 the ξ update; 8 is outer 3, inner 1
        SharedSpark.context().setLocalProperty(org.ialam.driver.spark.FaultInjection.NAN_AT_PASS, "8");
        Run bad;
        try {
            bad = run(args);
        } finally {
            SharedSpark.context().setLocalProperty(org.ialam.driver.spark.FaultInjection.NAN_AT_PASS, null);
        }
        assertEquals(Main.EXIT_NUMERICAL_FAILURE, bad.exit(), bad.err());
        assertOneLine(bad.err(), "outer iteration 3, inner iteration 1");
        try (var entries = Files.list(checkpoints)) {
            assertEquals(List.of(checkpoints.resolve("ckpt-000002")), entries.toList(), "the last good checkpoint stays");
        }
        // a fresh run may not reuse the directory; the checkpoint resumes and finishes
        Run fresh = run(args);
        assertEquals(Main.EXIT_BAD_INPUT, fresh.exit());
        assertOneLine(fresh.err(), "--resume");
        Run resumed = run("train", "--synthetic", "--synthetic-samples", "60", "--max-outer", "4", "--max-inner", "2",
                "--partitions", "2", "--resume", checkpoints.toString(), "--out", tmp.resolve("resumed").toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("outer   4"), resumed.out());
    }

    @Test
    void outOfRangeParametersAreRefusedWithTheirName() {
        assertRefused("--alpha", "train", "--synthetic", "--alpha", "1.5", "--out", tmp.resolve("a").toString());
        assertRefused("--lambda-w", "train", "--synthetic", "--lambda-w", "-1", "--out", tmp.resolve("b").toString());
        assertRefused("--hidden", "train", "--synthetic", "--hidden", "5,0", "--out", tmp.resolve("c").toString());
        assertRefused("--init", "train", "--synthetic", "--init", "zeros", "--out", tmp.resolve("d").toString());
        assertRefused("--driver-threads", "train", "--synthetic", "--driver-threads", "-1", "--out", tmp.resolve("e").toString());
        assertRefused("Unknown option", "train", "--synthetic", "--no-such-option");
        assertRefused("--hidden: '5,x'", "train", "--synthetic", "--hidden", "5,x");
        assertRefused("--synthetic-teacher", "train", "--synthetic", "--synthetic-teacher", "5");
        assertRefused("--eta3", "train", "--synthetic", "--eta3", "1");
        assertRefused("--lambda-w: Infinity", "train", "--synthetic", "--lambda-w", "Infinity");
        assertRefused("--sparsity-epsilon", "train", "--synthetic", "--sparsity-epsilon", "0");
        assertRefused("--partitions", "train", "--synthetic", "--partitions", "-3");
        assertRefused("--train-limit", "train", "--synthetic", "--train-limit", "-5");
        assertRefused("--rdd-checkpoint-interval", "train", "--synthetic", "--rdd-checkpoint-interval", "-1");
        // never cutting the lineage: 1 + 55 × 11 passes by default, past what the tasks' stacks survive
        assertRefused("--rdd-checkpoint-interval 0 (never cut the lineage) allows at most 100 passes", "train",
                "--synthetic", "--rdd-checkpoint-interval", "0");
        assertRefused("--libsvm-test: needs --libsvm", "train", "--libsvm-test", tmp.resolve("t.svm").toString());
        assertRefused("--init-model: not with --resume", "train", "--synthetic", "--resume", tmp.resolve("r").toString(),
                "--init-model", tmp.resolve("m").toString());
        assertFalse(Files.exists(tmp.resolve("a")));
    }

    @Test
    void missingMnistDirectoryIsRefused() {
        Path missing = tmp.resolve("no-mnist");
        Run r = run("train", "--mnist", missing.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertOneLine(r.err(), "MNIST directory does not exist");
        assertFalse(Files.exists(tmp.resolve("o")));
    }

    @Test
    void initModelOfAnotherShapeIsRefused() throws Exception {
        Path first = tmp.resolve("first");
        assertEquals(0, run("train", "--synthetic", "--synthetic-teacher", "6,3,1", "--synthetic-samples", "60",
                "--max-outer", "1", "--max-inner", "1", "--out", first.toString()).exit());
        Run again = run("train", "--synthetic", "--synthetic-teacher", "6,3,1", "--synthetic-samples", "60",
                "--hidden", "4", "--max-outer", "1", "--max-inner", "1", "--init-model", first.resolve("model").toString(),
                "--out", tmp.resolve("second").toString());
        assertEquals(Main.EXIT_BAD_INPUT, again.exit());
        assertOneLine(again.err(), "layer_sizes");
        // the same shape is accepted and starts where the first run ended
        Run resumed = run("train", "--synthetic", "--synthetic-teacher", "6,3,1", "--synthetic-samples", "60",
                "--max-outer", "1", "--max-inner", "1", "--init-model", first.resolve("model").toString(),
                "--out", tmp.resolve("third").toString());
        assertEquals(0, resumed.exit(), resumed.err());
    }

    @Test
    void nonFiniteIteratesStopTrainingWithTheIteration() {
        Path out = tmp.resolve("diverged");
        Run r = run("train", "--synthetic", "--synthetic-samples", "50", "--init-scale", "1e200", "--out", out.toString());
        assertEquals(Main.EXIT_NUMERICAL_FAILURE, r.exit(), r.err());
        assertOneLine(r.err(), "non-finite");
        assertTrue(r.err().contains("outer iteration"), r.err());
        assertFalse(Files.exists(out), "no output for a failed run");
    }

    private static void assertRefused(String mentions, String... args) {
        Run r = run(args);
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), "exit code for " + String.join(" ", args) + "; stderr: " + r.err());
        assertOneLine(r.err(), mentions);
    }

    private static void assertOneLine(String err, String mentions) {
        String trimmed = err.strip();
        assertTrue(trimmed.startsWith("error: "), "stderr should start with 'error: ': " + err);
        assertEquals(1, trimmed.lines().count(), "one line expected: " + err);
        assertTrue(trimmed.contains(mentions), "stderr should mention '" + mentions + "': " + err);
    }
}
