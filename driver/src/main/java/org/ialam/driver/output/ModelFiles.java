package org.ialam.driver.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ialam.driver.data.InvalidInputException;
import org.ialam.driver.data.Npy;
import org.ialam.ops.NetworkShape;
import org.ialam.ops.NetworkWeights;

/**
 * A model directory that anyone can load with NumPy: {@code metadata.json} (layer sizes, α, the sparsity ε, and
 * whatever provenance the caller adds) and {@code W1.npy, b1.npy, …}, float64, row-major, W_l of shape
 * N_l × N_{l−1}, b_l of shape (N_l,). All I/O through Hadoop's FileSystem, without checksum files
 * ({@link PlainFiles}): a model edited with NumPy can be read back.
 */
public final class ModelFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {
    }

    /** Writes the model into {@code dir} (which must not exist or be empty). */
    public static void write(Path dir, NetworkWeights weights, double alpha, double sparsityEpsilon,
            Map<String, Object> provenance, Configuration conf) {
        try {
            FileSystem fs = PlainFiles.of(dir, conf);
            fs.mkdirs(dir);
            NetworkShape shape = weights.shape();
            for (int l = 1; l <= shape.layers(); l++) {
                int m = shape.width(l);
                int k = shape.width(l - 1);
                double[] w = new double[m * k];
                System.arraycopy(weights.augmented(l), 0, w, 0, m * k);
                double[] b = new double[m];
                System.arraycopy(weights.augmented(l), weights.biasOffset(l), b, 0, m);
                Npy.write(fs, new Path(dir, "W" + l + ".npy"), w, m, k, true);
                Npy.writeVector(fs, new Path(dir, "b" + l + ".npy"), b);
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", "ialam-model-1");
            meta.put("layer_sizes", shape.widths());
            meta.put("activation", "leaky_relu");
            meta.put("alpha", alpha);
            meta.put("sparsity_epsilon", sparsityEpsilon);
            meta.put("weights", "W<l>.npy: float64 row-major, shape (N_l, N_{l-1}); b<l>.npy: shape (N_l,)");
            meta.putAll(provenance);
            try (OutputStream out = fs.create(new Path(dir, "metadata.json"), false)) {
                JSON.writerWithDefaultPrettyPrinter().writeValue(out, meta);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads W and b of every layer; checks the shapes against metadata.json. */
    public static NetworkWeights read(Path dir, Configuration conf) {
        JsonNode meta = readMetadata(dir, conf);
        Path metaPath = new Path(dir, "metadata.json");
        JsonNode sizesNode = meta.get("layer_sizes");
        if (sizesNode == null || !sizesNode.isArray() || sizesNode.size() < 2) {
            throw new InvalidInputException(metaPath + ": field layer_sizes is missing or not a list of at least two"
                    + " positive integers");
        }
        int[] sizes = new int[sizesNode.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = sizesNode.get(i).asInt(-1);
            if (sizes[i] <= 0) {
                throw new InvalidInputException(metaPath + ": layer_sizes[" + i + "] is " + sizesNode.get(i)
                        + ", expected a positive integer");
            }
        }
        NetworkShape shape = new NetworkShape(sizes);
        try {
            FileSystem fs = PlainFiles.of(dir, conf);
            double[][] augmented = new double[shape.layers()][];
            for (int l = 1; l <= shape.layers(); l++) {
                int m = shape.width(l);
                int k = shape.width(l - 1);
                Path wPath = new Path(dir, "W" + l + ".npy");
                Path bPath = new Path(dir, "b" + l + ".npy");
                Npy.Matrix w = Npy.read(fs, wPath);
                if (w.isVector() || w.rows() != m || w.cols() != k) {
                    throw new InvalidInputException(wPath + ": shape is (" + w.rows() + ", " + w.cols()
                            + "), expected (" + m + ", " + k + ") from layer_sizes in metadata.json");
                }
                Npy.Matrix b = Npy.read(fs, bPath);
                if (!b.isVector() || b.rows() * b.cols() != m) {
                    throw new InvalidInputException(bPath + ": expected a vector of " + m + " values");
                }
                double[] a = new double[m * (k + 1)];
                System.arraycopy(w.columnMajor(), 0, a, 0, m * k);
                System.arraycopy(b.rowMajor(), 0, a, m * k, m);
                augmented[l - 1] = a;
            }
            return new NetworkWeights(shape, augmented);
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(dir, e);
        }
    }

    private static JsonNode readMetadata(Path dir, Configuration conf) {
        Path metaPath = new Path(dir, "metadata.json");
        try {
            FileSystem fs = PlainFiles.of(metaPath, conf);
            if (!fs.exists(metaPath)) {
                throw new InvalidInputException(metaPath + ": not found; expected a model directory written by"
                        + " ialam (metadata.json, W1.npy, b1.npy, …)");
            }
            try (InputStream in = fs.open(metaPath)) {
                return JSON.readTree(in);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(metaPath + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw InvalidInputException.cannotRead(metaPath, e);
        }
    }
}
