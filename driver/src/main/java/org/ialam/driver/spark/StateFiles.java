package org.ialam.driver.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ialam.driver.data.InvalidInputException;
import org.ialam.ops.BlockState;
import org.ialam.ops.StepTotals;

/**
 * One partition's u, v, ξ as a file, {@code part-NNNNN} below a state directory, through Hadoop's FileSystem (so
 * the state of a cluster run goes to HDFS or an object store). Format: magic {@code IALAMST2}, the number of
 * blocks, then per block the number of layers and per layer the length and the doubles of u, v and ξ, big-endian.
 * Written and read by the task that owns the partition, so a restored RDD has exactly the partitioning of the
 * blocks it is zipped with.
 *
 * <p>A file is written whole or not at all, as Spark's {@code ReliableCheckpointRDD} writes a partition: to a
 * temporary name of the writing attempt beside it, renamed into place only if no file of the final name exists yet,
 * and deleted otherwise or on failure. With speculation two attempts write the same partition; writing to the final
 * name directly, the losing one would truncate the winner's file, possibly after the job had reported success.
 */
final class StateFiles {
    private static final long MAGIC = 0x49414c414d535432L; // "IALAMST2"

    private StateFiles() {
    }

    static Path part(String dir, int partition) {
        return new Path(dir, String.format("part-%05d", partition));
    }

    /** Writes {@code states} to {@code path}, unless another attempt's complete file is there already. */
    static void write(java.util.Iterator<BlockState> states, Path path, Configuration conf) {
        java.util.List<BlockState> all = new java.util.ArrayList<>();
        states.forEachRemaining(all::add);
        Path temporary = new Path(path.getParent(), "." + path.getName() + "-" + attempt());
        try {
            FileSystem fs = path.getFileSystem(conf);
            try {
                try (FSDataOutputStream raw = fs.create(temporary, false);
                        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
                    out.writeLong(MAGIC);
                    out.writeInt(all.size());
                    for (BlockState state : all) {
                        out.writeInt(state.layers());
                        for (int l = 1; l <= state.layers(); l++) {
                            writeArray(out, state.u(l));
                            writeArray(out, state.v(l));
                            writeArray(out, state.xi(l));
                        }
                    }
                }
                publish(fs, temporary, path);
            } catch (IOException | RuntimeException e) {
                try {
                    fs.delete(temporary, false);   // a partial file must not stay behind
                } catch (IOException notDeleted) {
                    e.addSuppressed(notDeleted);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /** A name part no other attempt writing the same file uses: the Spark task attempt's id, else a random one. */
    private static String attempt() {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        return task != null ? "attempt-" + task.taskAttemptId() : "writer-" + java.util.UUID.randomUUID();
    }

    /**
     * Renames the complete {@code temporary} to {@code path}, or deletes it if another attempt's file is there. The
     * existence check comes first because a rename onto an existing file fails on HDFS but replaces the file on the
     * local file system (POSIX rename); two attempts finishing at the same moment can still both pass the check, and the
     * second rename then replaces one complete file by another, atomically.
     */
    private static void publish(FileSystem fs, Path temporary, Path path) throws IOException {
        if (!fs.exists(path) && fs.rename(temporary, path)) {
            return;
        }
        if (!fs.exists(path)) {
            throw new IOException("could not rename " + temporary + " to " + path);
        }
        fs.delete(temporary, false);
    }

    static java.util.List<BlockState> read(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(path), 1 << 20))) {
                if (in.readLong() != MAGIC) {
                    throw new InvalidInputException(path + ": not an IALAM state file (magic number), expected IALAMST2");
                }
                int blocks = in.readInt();
                java.util.List<BlockState> states = new java.util.ArrayList<>(blocks);
                for (int b = 0; b < blocks; b++) {
                    int layers = in.readInt();
                    double[][] u = new double[layers][];
                    double[][] v = new double[layers][];
                    double[][] xi = new double[layers][];
                    for (int l = 0; l < layers; l++) {
                        u[l] = readArray(in);
                        v[l] = readArray(in);
                        xi[l] = readArray(in);
                    }
                    states.add(new BlockState(u, v, xi, StepTotals.ZERO));
                }
                return states;
            }
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(path + ": truncated state file");
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(path, e);
        }
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer buffer = ByteBuffer.allocate(8 * 8192);
        for (int i = 0; i < a.length; i += 8192) {
            int len = Math.min(8192, a.length - i);
            buffer.clear();
            buffer.asDoubleBuffer().put(a, i, len);
            out.write(buffer.array(), 0, 8 * len);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("negative array length");
        }
        double[] a = new double[length];
        byte[] bytes = new byte[8 * 8192];
        for (int i = 0; i < length; i += 8192) {
            int len = Math.min(8192, length - i);
            in.readFully(bytes, 0, 8 * len);
            ByteBuffer.wrap(bytes, 0, 8 * len).asDoubleBuffer().get(a, i, len);
        }
        return a;
    }

    /** A Hadoop Configuration that can travel in a task closure (Configuration itself is Writable, not Serializable). */
    static final class SerializableConfiguration implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient Configuration conf;

        SerializableConfiguration(Configuration conf) {
            this.conf = conf;
        }

        Configuration get() {
            return conf;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            conf.write(out);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            conf = new Configuration(false);
            conf.readFields(in);
        }
    }
}
