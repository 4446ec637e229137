package org.ialam.ops;

/**
 * {@link InputMatrix} holding only the non-zero entries of x, indexed both ways: by sample (compressed sparse
 * columns, for W x: each sample's column of W x is a combination of the columns of W at its non-zero features) and
 * by feature (compressed sparse rows, for Σ t xᵀ: each feature's column of the statistic is a combination of the
 * samples' t at which it is non-zero) — except for the features that are non-zero in many of the block's samples,
 * which are kept as a dense panel.
 *
 * <p>Why both indexes: each product then streams through its output one column at a time, adding a weighted sum of
 * input columns ({@link ColumnCombiner}, SIMD where the JVM allows). The two indexes cost 24 bytes per non-zero,
 * against 8 per entry of the dense array: less memory below a density of one third, which
 * {@link #SPARSE_DENSITY_LIMIT} respects.
 *
 * <p>Why the panel: that loop reads a whole source column (m values) per multiply-add column, from the second-level
 * cache, and runs at about a third of DGEMM's rate per multiply-add. Pixel data is not uniformly sparse: MNIST's
 * central pixels are inked in half or more of the images, its border pixels almost never (233 of 784 features hold
 * 81% of the non-zeros with a density above 0.3). The features whose density in the block exceeds
 * {@link #PANEL_DENSITY} are therefore stored densely (k × n) and their share of each product is one DGEMM, which
 * does the zeros too but at the BLAS's rate; the sparse loop does the rest. Memory barely changes: a panel feature of
 * density d takes 8 bytes per sample where its index took 24 d, so at most 11% more for densities in (0.3, 1/3] and
 * less above (on MNIST the panel made the benchmark's peak heap smaller).
 */
public final class SparseInputs implements InputMatrix {
    private static final long serialVersionUID = 2L;

    /**
     * Features non-zero in more than this share of a block's samples go to the dense panel. The break-even density
     * is DGEMM's time per multiply-add over the sparse loop's: about 0.26 on MNIST blocks ({@code scripts/bench.sh}:
     * {@code layer1_products_per_block_dense_seconds} over {@code …_sparse_no_panel_seconds}, times the density
     * 0.19). Of the limits 0.1–0.5, 0.2 and 0.3 were fastest (docs/results.md §4.0c).
     */
    public static final double PANEL_DENSITY = 0.3;

    /** The m × k gather of W's panel columns, and t's product with the panel; per thread, reused across blocks. */
    private static final ThreadLocal<double[]> PANEL_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

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
    /** The panel's features, ascending; none of their entries is in the indexes above. */
    private final int[] panelFeature;
    /** panel[s·k + i] = x[panelFeature[i], s], k × columns column-major. */
    private final double[] panel;
    /** Non-zero entries of x, in the indexes and the panel. */
    private final int nonZeros;

    private SparseInputs(int rows, int columns, int[] columnStart, int[] rowIndex, double[] value, int[] panelFeature,
            double[] panel, int nonZeros) {
        this.rows = rows;
        this.columns = columns;
        this.columnStart = columnStart;
        this.rowIndex = rowIndex;
        this.value = value;
        this.panelFeature = panelFeature;
        this.panel = panel;
        this.nonZeros = nonZeros;
        int indexed = value.length;
        rowStart = new int[rows + 1];
        for (int q = 0; q < indexed; q++) {
            rowStart[rowIndex[q] + 1]++;
        }
        for (int j = 0; j < rows; j++) {
            rowStart[j + 1] += rowStart[j];
        }
        columnIndex = new int[indexed];
        rowValue = new double[indexed];
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
        return of(x, rows, columns, PANEL_DENSITY);
    }

    /**
     * The same with the features of density above {@code panelDensity} in a dense panel (tests and the benchmark
     * compare choices; {@code panelDensity ≥ 1} makes no panel).
     */
    public static SparseInputs of(double[] x, int rows, int columns, double panelDensity) {
        if (x.length != (long) rows * columns) {
            throw new IllegalArgumentException("sparse inputs: " + x.length + " values for " + rows + " × " + columns);
        }
        return of(x, 0, rows, columns, panelDensity);
    }

    /** The non-zero entries of the rows × columns column-major matrix starting at x[from]; x is not kept. */
    static SparseInputs of(double[] x, int from, int rows, int columns) {
        return of(x, from, rows, columns, PANEL_DENSITY);
    }

    private static SparseInputs of(double[] x, int from, int rows, int columns, double panelDensity) {
        int[] perFeature = new int[rows];
        int nonZeros = 0;
        for (int s = 0; s < columns; s++) {
            for (int j = 0, off = from + s * rows; j < rows; j++) {
                if (x[off + j] != 0) {
                    perFeature[j]++;
                    nonZeros++;
                }
            }
        }
        // a feature's place in the panel, or -1 if its entries are indexed
        int[] panelSlot = new int[rows];
        int k = 0;
        int indexed = 0;
        for (int j = 0; j < rows; j++) {
            if (perFeature[j] > panelDensity * columns) {
                panelSlot[j] = k++;
            } else {
                panelSlot[j] = -1;
                indexed += perFeature[j];
            }
        }
        int[] panelFeature = new int[k];
        for (int j = 0; j < rows; j++) {
            if (panelSlot[j] >= 0) {
                panelFeature[panelSlot[j]] = j;
            }
        }
        double[] panel = new double[k * columns];
        int[] columnStart = new int[columns + 1];
        int[] rowIndex = new int[indexed];
        double[] value = new double[indexed];
        int q = 0;
        for (int s = 0; s < columns; s++) {
            columnStart[s] = q;
            for (int j = 0, off = from + s * rows; j < rows; j++) {
                double v = x[off + j];
                if (panelSlot[j] >= 0) {
                    panel[s * k + panelSlot[j]] = v;
                } else if (v != 0) {
                    rowIndex[q] = j;
                    value[q++] = v;
                }
            }
        }
        columnStart[columns] = q;
        return new SparseInputs(rows, columns, columnStart, rowIndex, value, panelFeature, panel, nonZeros);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    /** Number of non-zero entries of x. */
    public int nonZeros() {
        return nonZeros;
    }

    /** Number of features kept in the dense panel. */
    public int panelFeatures() {
        return panelFeature.length;
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
        int k = panelFeature.length;
        if (k > 0) {
            // out += W[:, panel] · panel, W's panel columns gathered into one m × k matrix
            double[] gathered = panelScratch(m * k);
            for (int i = 0; i < k; i++) {
                System.arraycopy(augmented, panelFeature[i] * m, gathered, i * m, m);
            }
            Blas.multiplyAdd(gathered, m, k, panel, columns, out);
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
        int k = panelFeature.length;
        if (k > 0) {
            // target[:, panel] += t · panelᵀ, through an m × k product
            double[] product = panelScratch(m * k);
            Blas.multiplyTransposed(t, m, panel, k, columns, product);
            for (int i = 0; i < k; i++) {
                for (int r = 0, to = panelFeature[i] * m, from = i * m; r < m; r++) {
                    target[to + r] += product[from + r];
                }
            }
        }
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
        int k = panelFeature.length;
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int s = 0; s < columns; s++) {
                sum += panel[s * k + i];
            }
            target[offset + panelFeature[i]] += sum;
        }
    }

    @Override
    public double[] toDense() {
        double[] x = new double[rows * columns];
        for (int s = 0; s < columns; s++) {
            for (int q = columnStart[s]; q < columnStart[s + 1]; q++) {
                x[s * rows + rowIndex[q]] = value[q];
            }
            for (int i = 0, k = panelFeature.length; i < k; i++) {
                x[s * rows + panelFeature[i]] = panel[s * k + i];
            }
        }
        return x;
    }

    /** This thread's scratch array of at least {@code size} entries (its contents are not kept between calls). */
    private static double[] panelScratch(int size) {
        double[] scratch = PANEL_SCRATCH.get();
        if (scratch.length < size) {
            scratch = new double[size];
            PANEL_SCRATCH.set(scratch);
        }
        return scratch;
    }
}
