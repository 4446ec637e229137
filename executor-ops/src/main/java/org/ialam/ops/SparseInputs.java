package org.ialam.ops;

/**
 * {@link InputMatrix} holding only the non-zero entries of x, indexed both ways: by sample (compressed sparse
 * columns, for W x: each sample's column of W x is a combination of the columns of W at its non-zero features) and
 * by feature (compressed sparse rows, for Σ t xᵀ: each feature's column of the statistic is a combination of the
 * samples' t at which it is non-zero).
 *
 * <p>Why both: each product then streams through its output one column at a time, adding a weighted sum of input
 * columns ({@link ColumnCombiner}, SIMD where the JVM allows). The two indexes cost 24 bytes per non-zero, against 8 per
 * entry of the dense array: less memory below a density of one third, which {@link #SPARSE_DENSITY_LIMIT} respects.
 */
public final class SparseInputs implements InputMatrix {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int columns;
    /** By sample: entries columnStart[s] .. columnStart[s+1]−1 are sample s's, at features rowIndex[], values value[]. */
    private final int[] columnStart;
    private final int[] rowIndex;
    private final double[] value;
    /** By feature: entries rowStart[j] .. rowStart[j+1]−1 are feature j's, in samples columnIndex[], values rowValue[]. */
    private final int[] rowStart;
    private final int[] columnIndex;
    private final double[] rowValue;

    private SparseInputs(int rows, int columns, int[] columnStart, int[] rowIndex, double[] value) {
        this.rows = rows;
        this.columns = columns;
        this.columnStart = columnStart;
        this.rowIndex = rowIndex;
        this.value = value;
        int nonZeros = value.length;
        rowStart = new int[rows + 1];
        for (int q = 0; q < nonZeros; q++) {
            rowStart[rowIndex[q] + 1]++;
        }
        for (int j = 0; j < rows; j++) {
            rowStart[j + 1] += rowStart[j];
        }
        columnIndex = new int[nonZeros];
        rowValue = new double[nonZeros];
        int[] next = java.util.Arrays.copyOf(rowStart, rows);
        for (int s = 0; s < columns; s++) {
            for (int q = columnStart[s]; q < columnStart[s + 1]; q++) {
                int at = next[rowIndex[q]]++;
                columnIndex[at] = s;
                rowValue[at] = value[q];
            }
        }
    }

    /** The non-zero entries of x (column-major rows × columns), which is not kept. */
    public static SparseInputs of(double[] x, int rows, int columns) {
        if (x.length != (long) rows * columns) {
            throw new IllegalArgumentException("sparse inputs: " + x.length + " values for " + rows + " × " + columns);
        }
        return of(x, 0, rows, columns);
    }

    /** The non-zero entries of the rows × columns column-major matrix starting at x[from]; x is not kept. */
    static SparseInputs of(double[] x, int from, int rows, int columns) {
        int nonZeros = 0;
        for (int i = from, to = from + rows * columns; i < to; i++) {
            if (x[i] != 0) {
                nonZeros++;
            }
        }
        int[] columnStart = new int[columns + 1];
        int[] rowIndex = new int[nonZeros];
        double[] value = new double[nonZeros];
        int q = 0;
        for (int s = 0; s < columns; s++) {
            columnStart[s] = q;
            for (int j = 0, off = from + s * rows; j < rows; j++) {
                if (x[off + j] != 0) {
                    rowIndex[q] = j;
                    value[q++] = x[off + j];
                }
            }
        }
        columnStart[columns] = q;
        return new SparseInputs(rows, columns, columnStart, rowIndex, value);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    /** Number of stored (non-zero) entries. */
    public int nonZeros() {
        return value.length;
    }

    @Override
    public void affine(double[] augmented, int m, double[] out) {
        affine(augmented, m, out, ColumnCombiner.fastest());
    }

    /** {@link #affine(double[], int, double[])} with a given loop (tests and the benchmark compare the two). */
    public void affine(double[] augmented, int m, double[] out, ColumnCombiner combiner) {
        int biasOffset = m * rows;
        for (int s = 0; s < columns; s++) {
            System.arraycopy(augmented, biasOffset, out, s * m, m);
        }
        for (int s = 0; s < columns; s++) {
            combiner.combine(out, s * m, m, augmented, columnStart[s], columnStart[s + 1], rowIndex, value);
        }
    }

    @Override
    public void addCross(double[] t, int m, double[] target) {
        addCross(t, m, target, ColumnCombiner.fastest());
    }

    /** {@link #addCross(double[], int, double[])} with a given loop. */
    public void addCross(double[] t, int m, double[] target, ColumnCombiner combiner) {
        for (int j = 0; j < rows; j++) {
            combiner.combine(target, j * m, m, t, rowStart[j], rowStart[j + 1], columnIndex, rowValue);
        }
    }

    /** Densifies and calls {@code dsyrk}: the Gram matrix is needed once per run, so speed matters little here. */
    @Override
    public void addGramUpper(double[] g, int ldg) {
        Blas.addGramUpper(toDense(), rows, columns, g, ldg);
    }

    @Override
    public void addRowSums(double[] target, int offset) {
        for (int j = 0; j < rows; j++) {
            double sum = 0;
            for (int q = rowStart[j]; q < rowStart[j + 1]; q++) {
                sum += rowValue[q];
            }
            target[offset + j] += sum;
        }
    }

    @Override
    public double[] toDense() {
        double[] x = new double[rows * columns];
        for (int s = 0; s < columns; s++) {
            for (int q = columnStart[s]; q < columnStart[s + 1]; q++) {
                x[s * rows + rowIndex[q]] = value[q];
            }
        }
        return x;
    }
}
