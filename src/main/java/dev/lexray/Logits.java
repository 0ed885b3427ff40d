package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/** The class scores' helpers every caller shares, so that predictions and evaluations read logits the same way. */
public final class Logits {
    private Logits() {}

    /** The index of the highest score; the first one on a tie. */
    public static int argmax(double[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The probabilities, computed after subtracting the highest score so that large logits do not overflow. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    /** The predicted class of {@code logits} (the highest score) with its label. */
    static ClassRef predicted(double[] logits, List<String> labels) {
        int i = argmax(logits);
        return new ClassRef(i, labels.get(i));
    }

    /**
     * The mean of several rows of logits (the windows of one long text), each divided before it is added, in order:
     * every caller averages the same way, so a text's logits are the same wherever they are computed.
     */
    static double[] mean(List<double[]> rows) {
        double[] mean = new double[rows.get(0).length];
        for (double[] row : rows) {
            for (int c = 0; c < mean.length; c++) {
                mean[c] += row[c] / rows.size();
            }
        }
        return mean;
    }

    /** A batch's {@code [batch, classes]} matrix as Java rows, in float64 (lossless from float32). */
    static double[][] rows(NDArray matrix) {
        long[] shape = matrix.getShape().getShape();
        int b = (int) shape[0];
        int c = (int) shape[1];
        double[] flat = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[b][c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }
}
