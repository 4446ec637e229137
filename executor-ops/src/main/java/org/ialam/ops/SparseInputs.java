package org.ialam.ops;

/**
 * {@link InputMatrix} holding only the non-zero entries of x, indexed both ways: by sample (compressed sparse
 * columns, for W x: each sample's column of W x is a combination of the columns of W at its non-zero features) and
 * by feature (compressed sparse rows, for Σ t xᵀ: each feature's column of the statistic is a combination of the
 * samples' t at which it is non-zero).
 *
 * <p>Why both: each product then streams through its output one column at a time and gathers four input columns
 * per pass (the loops are unrolled by four non-zeros), so every output element is loaded and stored once per four
 * multiply-adds; HotSpot vectorises the inner loops. The two indexes cost 24 bytes per non-zero, against 8 per
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
        int biasOffset = m * rows;
        for (int s = 0; s < columns; s++) {
            System.arraycopy(augmented, biasOffset, out, s * m, m);
        }
        for (int s = 0; s < columns; s++) {
            combine(out, s * m, m, augmented, columnStart[s], columnStart[s + 1], rowIndex, value);
        }
    }

    @Override
    public void addCross(double[] t, int m, double[] target) {
        for (int j = 0; j < rows; j++) {
            combine(target, j * m, m, t, rowStart[j], rowStart[j + 1], columnIndex, rowValue);
        }
    }

    /**
     * target[at .. at+m) += Σ_q weight[q] · source[index[q]·m .. index[q]·m + m) over q in [from, to): one output
     * column as a combination of source columns, four at a time.
     */
    private static void combine(double[] target, int at, int m, double[] source, int from, int to, int[] index,
            double[] weight) {
        int q = from;
        for (; q + 3 < to; q += 4) {
            int c0 = index[q] * m;
            int c1 = index[q + 1] * m;
            int c2 = index[q + 2] * m;
            int c3 = index[q + 3] * m;
            double w0 = weight[q];
            double w1 = weight[q + 1];
            double w2 = weight[q + 2];
            double w3 = weight[q + 3];
            for (int i = 0; i < m; i++) {
                target[at + i] += w0 * source[c0 + i] + w1 * source[c1 + i] + w2 * source[c2 + i] + w3 * source[c3 + i];
            }
        }
        for (; q < to; q++) {
            int c0 = index[q] * m;
            double w0 = weight[q];
            for (int i = 0; i < m; i++) {
                target[at + i] += w0 * source[c0 + i];
            }
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
