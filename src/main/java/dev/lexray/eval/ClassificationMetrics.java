package dev.lexray.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy, macro-F1, weighted F1, per-class precision and recall, and the confusion matrix (rows: true class,
 * columns: predicted class) of a classifier on labelled data.
 */
public record ClassificationMetrics(List<String> labels, long[][] confusion, double accuracy,
        @JsonProperty("macro_f1") double macroF1, @JsonProperty("weighted_f1") double weightedF1,
        double[] precision, double[] recall, double[] f1, long count) {

    /** Metrics from parallel arrays of true and predicted class indices. */
    public static ClassificationMetrics of(List<String> labels, int[] truth, int[] predicted) {
        int c = labels.size();
        long[][] m = new long[c][c];
        for (int i = 0; i < truth.length; i++) {
            m[truth[i]][predicted[i]]++;
        }
        return fromConfusion(labels, m);
    }

    public static ClassificationMetrics fromConfusion(List<String> labels, long[][] m) {
        int c = labels.size();
        long total = 0;
        long correct = 0;
        double[] p = new double[c];
        double[] r = new double[c];
        double[] f = new double[c];
        long[] support = new long[c];
        for (int i = 0; i < c; i++) {
            long tp = m[i][i];
            long predicted = 0;
            long actual = 0;
            for (int j = 0; j < c; j++) {
                predicted += m[j][i];
                actual += m[i][j];
                total += m[i][j];
            }
            correct += tp;
            support[i] = actual;
            p[i] = predicted == 0 ? 0 : (double) tp / predicted;
            r[i] = actual == 0 ? 0 : (double) tp / actual;
            f[i] = p[i] + r[i] == 0 ? 0 : 2 * p[i] * r[i] / (p[i] + r[i]);
        }
        double macro = 0;
        double weighted = 0;
        for (int i = 0; i < c; i++) {
            macro += f[i] / c;
            weighted += total == 0 ? 0 : f[i] * support[i] / total;
        }
        return new ClassificationMetrics(List.copyOf(labels), m, total == 0 ? 0 : (double) correct / total, macro,
                weighted, p, r, f, total);
    }

    /** A Markdown block: headline figures, per-class table and confusion matrix. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "- examples: %d%n- accuracy: %.4f%n- macro-F1: %.4f%n- weighted F1: %.4f%n%n",
                count, accuracy, macroF1, weightedF1));
        sb.append("| class | precision | recall | F1 |\n|---|---|---|---|\n");
        for (int i = 0; i < labels.size(); i++) {
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", labels.get(i), precision[i], recall[i],
                    f1[i]));
        }
        sb.append("\nConfusion matrix (rows: true, columns: predicted)\n\n| |");
        labels.forEach(l -> sb.append(' ').append(l).append(" |"));
        sb.append("\n|---|");
        labels.forEach(l -> sb.append("---|"));
        sb.append('\n');
        for (int i = 0; i < labels.size(); i++) {
            sb.append("| ").append(labels.get(i)).append(" |");
            for (long v : confusion[i]) {
                sb.append(' ').append(v).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Class indices of {@code names} in {@code labels}, with -1 for unknown names. */
    public static int[] indices(List<String> labels, List<String> names) {
        List<Integer> out = new ArrayList<>();
        names.forEach(n -> out.add(labels.indexOf(n)));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
