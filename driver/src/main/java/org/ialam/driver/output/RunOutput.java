package org.ialam.driver.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ialam.driver.data.InvalidInputException;
import org.ialam.driver.train.OuterIteration;
import org.ialam.driver.train.TrainingResult;

/**
 * The output directory of a run: {@code metrics.csv} (one row per outer iteration), {@code summary.json} (final
 * figures under the metrics' column names, the full configuration and provenance) and {@code model/}.
 *
 * <p>Everything is written into a hidden sibling directory first and renamed into place at the end, so a crash
 * never leaves a half-written output. An existing directory is refused before any work starts, unless the caller
 * allows overwriting and the directory is an earlier run's output (it holds summary.json or metrics.csv) or empty;
 * then it is replaced only after the new output is complete.
 */
public final class RunOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path target;
    private final Configuration conf;
    private final boolean overwrite;

    private RunOutput(Path target, Configuration conf, boolean overwrite) {
        this.target = target;
        this.conf = conf;
        this.overwrite = overwrite;
    }

    /**
     * Checks that {@code dir} may receive this run's output: it does not exist, or {@code overwrite} is set and it
     * is an earlier run's output directory or empty.
     */
    public static RunOutput claim(String dir, Configuration conf, boolean overwrite) {
        Path path = new Path(dir);
        try {
            FileSystem fs = PlainFiles.of(path, conf);
            Path qualified = fs.makeQualified(path);
            if (fs.exists(path)) {
                if (!overwrite) {
                    throw new InvalidInputException(qualified + ": output directory already exists;"
                            + " choose another --out or add --overwrite (nothing was overwritten)");
                }
                boolean earlierRun = fs.exists(new Path(path, "summary.json")) || fs.exists(new Path(path, "metrics.csv"));
                boolean empty = fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0;
                if (!earlierRun && !empty) {
                    throw new InvalidInputException(qualified + ": --overwrite replaces only an earlier run's output"
                            + " (with summary.json or metrics.csv) or an empty directory; this is neither (nothing was"
                            + " overwritten)");
                }
            }
            requireWritableParent(fs, qualified);
            return new RunOutput(qualified, conf, overwrite);
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(path, e);
        }
    }

    /**
     * Creates the parent directory and a probe directory in it (then deletes the probe), so that an output directory
     * that cannot be written (a parent that is a file, or not writable) is refused now and not after the training.
     */
    private static void requireWritableParent(FileSystem fs, Path target) {
        Path parent = target.getParent();
        Path probe = new Path(parent, "." + target.getName() + ".probe-" + UUID.randomUUID());
        String problem;
        try {
            if (fs.mkdirs(parent) && fs.getFileStatus(parent).isDirectory() && fs.mkdirs(probe)) {
                fs.delete(probe, true);
                return;
            }
            problem = "cannot create a directory in " + parent;
        } catch (IOException e) {
            problem = e.getMessage();
        }
        throw new InvalidInputException(target + ": the output directory cannot be created (" + problem
                + "); choose another --out (nothing was written)");
    }

    public Path path() {
        return target;
    }

    /** Writes metrics, summary and model, then moves them into place in one rename. */
    public void write(TrainingResult result, double alpha, double sparsityEpsilon, Map<String, Object> summaryExtras,
            Map<String, Object> provenance) {
        Path staging = new Path(target.getParent(), "." + target.getName() + ".partial-" + UUID.randomUUID());
        try {
            FileSystem fs = PlainFiles.of(target, conf);
            fs.mkdirs(staging);
            writeMetrics(fs, new Path(staging, "metrics.csv"), result);
            writeSummary(fs, new Path(staging, "summary.json"), result, summaryExtras);
            ModelFiles.write(new Path(staging, "model"), result.weights(), alpha, sparsityEpsilon, provenance, conf);
            Path replaced = null;
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw new IOException(target + " appeared while training; results left in " + staging);
                }
                // the old output goes aside first and is deleted only once the new one is in place
                replaced = new Path(target.getParent(), "." + target.getName() + ".replaced-" + UUID.randomUUID());
                if (!fs.rename(target, replaced)) {
                    throw new IOException("could not move the old " + target + " aside; results left in " + staging);
                }
            }
            if (!fs.rename(staging, target)) {
                throw new IOException("could not rename " + staging + " to " + target);
            }
            if (replaced != null) {
                fs.delete(replaced, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run output: " + e.getMessage(), e);
        }
    }

    private static void writeMetrics(FileSystem fs, Path path, TrainingResult result) throws IOException {
        StringBuilder csv = new StringBuilder(OuterIteration.CSV_HEADER).append('\n');
        for (OuterIteration it : result.history()) {
            csv.append(it.csvRow()).append('\n');
        }
        try (OutputStream out = fs.create(path, false)) {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void writeSummary(FileSystem fs, Path path, TrainingResult result, Map<String, Object> extras)
            throws IOException {
        OuterIteration last = result.last();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("k", last.k());
        s.put("rho", last.rho());
        s.put("residual", last.residual());
        s.put("feas_vi", last.feasVi());
        s.put("train_err", last.trainErr());
        s.put("test_err", nullIfNaN(last.testErr()));
        s.put("train_acc", nullIfNaN(last.trainAcc()));
        s.put("test_acc", nullIfNaN(last.testAcc()));
        s.put("column_sparsity", last.columnSparsity());
        s.put("seconds", result.seconds());
        s.put("inner_iterations", result.innerIterations());
        s.put("seconds_per_inner_iteration", result.secondsPerInnerIteration());
        s.put("stop_reason", result.stopReason().name());
        int unconverged = 0;
        double worst = 0;
        for (OuterIteration it : result.history()) {
            unconverged += it.unconvergedSolves();
            worst = Math.max(worst, it.worstSolverResidual());
        }
        // ialam.md §4.1 solves to a tolerance; how far from it the run's (W,b) solves ended up
        s.put("solver_unconverged_solves", unconverged);
        s.put("solver_worst_relative_kkt_residual", worst);
        s.putAll(extras);
        try (OutputStream out = fs.create(path, false)) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(out, s);
        }
    }

    private static Object nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
