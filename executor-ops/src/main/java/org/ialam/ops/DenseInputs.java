package org.ialam.ops;

/** {@link InputMatrix} as a dense column-major array: every product is one BLAS call. */
public final class DenseInputs implements InputMatrix {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int columns;
    private final double[] x;

    /** Keeps {@code x} (column-major rows × columns); the caller must not modify it afterwards. */
    public DenseInputs(double[] x, int rows, int columns) {
        if (x.length != (long) rows * columns) {
            throw new IllegalArgumentException("dense inputs: " + x.length + " values for " + rows + " × " + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.x = x;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int columns() {
        return columns;
    }

    @Override
    public void affine(double[] augmented, int m, double[] out) {
        Blas.affine(augmented, m, rows, x, columns, out);
    }

    @Override
    public void addCross(double[] t, int m, double[] target) {
        Blas.addOuter(t, m, x, rows, columns, target);
    }

    @Override
    public void addGramUpper(double[] g, int ldg) {
        Blas.addGramUpper(x, rows, columns, g, ldg);
    }

    @Override
    public void addRowSums(double[] target, int offset) {
        for (int s = 0; s < columns; s++) {
            for (int j = 0, off = s * rows; j < rows; j++) {
                target[offset + j] += x[off + j];
            }
        }
    }

    @Override
    public double[] toDense() {
        return x.clone();
    }
}
