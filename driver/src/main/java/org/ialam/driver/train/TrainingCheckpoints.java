package org.ialam.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ialam.driver.data.InvalidInputException;

/**
 * Durable training checkpoints: {@code DIR/ckpt-NNNNNN/} holds the complete state after outer iteration N — the
 * driver's {@link TrainingState} and configuration ({@code driver.bin}, Java serialization), a readable
 * {@code checkpoint.json}, and the per-sample u, v, ξ ({@code state/part-NNNNN}, one file per partition, holding
 * that partition's blocks).
 *
 * <p>A checkpoint is written under a hidden temporary name and renamed into place, so {@code ckpt-*} directories
 * are always complete: a run killed while writing leaves the previous checkpoint as the latest. Older
 * checkpoints are deleted once a newer one is in place, except one whose files the per-sample state still depends on
 * ({@link SamplePasses#dependsOnFiles}). All I/O through Hadoop's FileSystem.
 */
public final class TrainingCheckpoints implements Checkpointer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "ckpt-";

    private final Path dir;
    private final int every;
    private final Configuration conf;
    private final IalamConfig config;
    private final Map<String, Object> identity;

    /**
     * @param every save after every {@code every}-th outer iteration
     * @param identity what a resumed run must match (data description, sizes, layer widths), kept in the checkpoint
     */
    public TrainingCheckpoints(String dir, int every, Configuration conf, IalamConfig config, Map<String, Object> identity) {
        if (every < 1) {
            throw new IllegalArgumentException("--checkpoint-every: " + every + " is out of range, expected ≥ 1");
        }
        this.dir = new Path(dir);
        this.every = every;
        this.conf = conf;
        this.config = config;
        this.identity = new LinkedHashMap<>(identity);
    }

    @Override
    public void save(TrainingState state, SamplePasses samples) {
        if (state.completedOuter % every != 0) {
            return;
        }
        String name = String.format("%s%06d", PREFIX, state.completedOuter);
        Path staging = new Path(dir, "." + name + ".partial-" + UUID.randomUUID());
        Path target = new Path(dir, name);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(staging);
            samples.saveState(new Path(staging, "state").toString());
            try (OutputStream raw = fs.create(new Path(staging, "driver.bin"), false);
                    ObjectOutputStream out = new ObjectOutputStream(raw)) {
                out.writeObject(config);
                out.writeObject(state);
                out.writeObject(new LinkedHashMap<>(identity));
            }
            Map<String, Object> readable = new LinkedHashMap<>();
            readable.put("completed_outer_iterations", state.completedOuter);
            readable.put("rho", state.penalty.rho());
            readable.put("inner_iterations", state.innerIterations);
            readable.put("identity", identity);
            readable.put("config", config.asMap());
            try (OutputStream out = fs.create(new Path(staging, "checkpoint.json"), false)) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(out, readable);
            }
            fs.delete(target, true);
            if (!fs.rename(staging, target)) {
                throw new IOException("could not rename " + staging + " to " + target);
            }
            for (FileStatus old : fs.listStatus(dir, p -> p.getName().startsWith(PREFIX) && !p.getName().equals(name))) {
                // a state resumed from a checkpoint and never cut loose from its files (no lineage cut) still
                // rebuilds lost blocks from them: that checkpoint stays until a later run no longer needs it
                if (!samples.dependsOnFiles(new Path(old.getPath(), "state").toString())) {
                    fs.delete(old.getPath(), true);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e, 
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private void deleteQuietly(Path path) {
        try {
            path.getFileSystem(conf).delete(path, true);
        } catch (IOException ignored) {
            // the write failed already; a left-over hidden staging directory is harmless
        }
    }

    /** A fresh run must not write into (and so delete) another run's checkpoints. */
    public static void requireNoCheckpoints(String dir, Configuration conf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root) && fs.listStatus(root, p -> p.getName().startsWith(PREFIX)).length > 0) {
                throw new InvalidInputException(fs.makeQualified(root) + ": holds checkpoints of an earlier run;"
                        + " continue it with --resume " + dir + " or choose another --checkpoint-dir");
            }
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(root, e);
        }
    }

    /** A checkpoint read back: the configuration it was made with, the driver's state and where u, v, ξ are. */
    public record Loaded(IalamConfig config, TrainingState state, Map<String, Object> identity, String stateDir, Path path) {
    }

    /** The newest complete checkpoint in {@code dir}. */
    @SuppressWarnings("unchecked")
    public static Loaded latest(String dir, Configuration conf) {
        Path root = new Path(dir);
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(root)) {
                throw new InvalidInputException(fs.makeQualified(root) + ": checkpoint directory does not exist");
            }
            FileStatus[] found = fs.listStatus(root, p -> p.getName().startsWith(PREFIX));
            if (found.length == 0) {
                throw new InvalidInputException(fs.makeQualified(root) + ": no complete checkpoint (ckpt-NNNNNN) in it");
            }
            Path latest = Arrays.stream(found).map(FileStatus::getPath).max((a, b) -> a.getName().compareTo(b.getName()))
                    .orElseThrow();
            Path driver = new Path(latest, "driver.bin");
            try (InputStream raw = fs.open(driver); ObjectInputStream in = new ObjectInputStream(raw)) {
                IalamConfig config = (IalamConfig) in.readObject();
                TrainingState state = (TrainingState) in.readObject();
                Map<String, Object> identity = (Map<String, Object>) in.readObject();
                return new Loaded(config, state, identity, new Path(latest, "state").toString(), latest);
            } catch (ClassNotFoundException | ClassCastException | java.io.ObjectStreamException e) {
                throw new InvalidInputException(driver + ": not a checkpoint this version can read (" + e.getMessage() + ")");
            }
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(root, e);
        }
    }
}
