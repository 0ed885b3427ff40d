package dev.lexray.report;

import dev.lexray.Explanation;
import dev.lexray.LayerRelevance;
import dev.lexray.TokenRelevance;
import dev.lexray.html.Svg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The charts of explanations made with their layers ({@code report --layers}): per card the relevance-flow strip (one
 * bar per layer, from the output down to the words) and, for transformers, the layers x heads heatmap; per report
 * the mean |relevance| of every head over the texts. Inline SVG through {@link Svg}, so every name is escaped; the
 * colours are the report's {@link ColorScale} fill classes.
 */
final class LayerCharts {
    private static final int BAR_W = 22;
    private static final int GAP = 4;
    private static final int STRIP_H = 46;
    private static final int CELL = 18;

    private LayerCharts() {}

    /**
     * The flow strip of one explanation: one bar per layer, the height its |relevance_sum| against the largest, red
     * for positive and blue for negative, then a last bar for the words (and special tokens). Null without layers.
     */
    static String flow(Explanation x) {
        List<LayerRelevance> layers = x.layers();
        if (layers == null) {
            return null;
        }
        double words = x.tokens().stream().mapToDouble(TokenRelevance::relevance).sum()
                + (x.specialTokens() == null ? 0 : x.specialTokens().stream()
                        .mapToDouble(TokenRelevance::relevance).sum());
        int n = layers.size() + 1;
        double max = Math.abs(words);
        for (LayerRelevance l : layers) {
            max = Math.max(max, Math.abs(l.relevanceSum()));
        }
        int width = n * (BAR_W + GAP);
        int height = STRIP_H + 14;
        Svg svg = new Svg().open("svg", "class", "flow-strip", "viewBox", "0 0 " + width + " " + height, "width",
                width, "height", height, "role", "img", "aria-label",
                "Relevance per layer from the output (left) to the words (right)");
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            double r = last ? words : layers.get(i).relevanceSum();
            String title = last ? String.format(Locale.ROOT, "words: R = %.4g", r)
                    : String.format(Locale.ROOT, "%s (%s): R = %.4g, absorbed %.4g", layers.get(i).name(),
                            layers.get(i).kind(), r, layers.get(i).absorbed());
            double h = max > 0 ? Math.max(1, STRIP_H * Math.abs(r) / max) : 1;
            int x0 = i * (BAR_W + GAP);
            svg.open("g").element("title", title);
            svg.empty("rect", "class", "f-" + ColorScale.cssClass(r >= 0 ? 7 : -7), "x", x0, "y",
                    Svg.fixed(STRIP_H - h, 1), "width", BAR_W, "height", Svg.fixed(h, 1), "rx", 2);
            svg.element("text", last ? "words" : Integer.toString(i), "class", "fl", "x", x0 + BAR_W / 2,
                    "y", height - 2, "text-anchor", "middle");
            svg.close("g");
        }
        return svg.close("svg").toString();
    }

    /** The attention layers' heads, first layer on top: {@code [layer][head]}; null for a model without heads. */
    static double[][] heads(Explanation x) {
        if (x.layers() == null) {
            return null;
        }
        List<double[]> rows = new ArrayList<>();
        List<LayerRelevance> layers = x.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).heads() != null) {
                rows.add(layers.get(i).heads());
            }
        }
        return rows.isEmpty() ? null : rows.toArray(new double[0][]);
    }

    /**
     * A layers x heads heatmap of {@code values [layer][head]} (first layer on top), each cell coloured on a scale
     * saturating at the largest |value|; {@code what} says what a cell holds, in its tooltip.
     */
    static String heatmap(double[][] values, String cssClass, String what) {
        int heads = 0;
        double max = 0;
        for (double[] row : values) {
            heads = Math.max(heads, row.length);
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int left = 28;
        int top = 14;
        int width = left + heads * CELL;
        int height = top + values.length * CELL;
        Svg svg = new Svg().open("svg", "class", cssClass, "viewBox", "0 0 " + width + " " + height, "width", width,
                "height", height, "role", "img", "aria-label", "Relevance per layer (rows) and attention head "
                        + "(columns)");
        for (int h = 0; h < heads; h++) {
            svg.element("text", Integer.toString(h), "class", "fl", "x", left + h * CELL + CELL / 2, "y", 10,
                    "text-anchor", "middle");
        }
        for (int l = 0; l < values.length; l++) {
            int y = top + l * CELL;
            svg.element("text", "L" + l, "class", "fl", "x", left - 4, "y", y + 13, "text-anchor", "end");
            for (int h = 0; h < values[l].length; h++) {
                double v = values[l][h];
                svg.open("g").element("title", String.format(Locale.ROOT, "layer %d, head %d: %s %.4g", l, h, what,
                        v));
                svg.empty("rect", "class", "f-" + ColorScale.cssClass(ColorScale.level(v, max)), "x",
                        left + h * CELL, "y", y, "width", CELL - 1, "height", CELL - 1);
                svg.close("g");
            }
        }
        return svg.close("svg").toString();
    }

    /**
     * The report-level summary: per layer and head the mean |relevance| over the texts, each explained for the
     * class its card shows first. Null when no explanation has heads.
     */
    static String headSummary(List<Explanation> explanations) {
        double[][] total = null;
        int n = 0;
        for (Explanation x : explanations) {
            double[][] h = heads(x);
            if (h == null) {
                continue;
            }
            if (total == null) {
                total = new double[h.length][h[0].length];
            }
            for (int l = 0; l < h.length && l < total.length; l++) {
                for (int j = 0; j < h[l].length && j < total[l].length; j++) {
                    total[l][j] += Math.abs(h[l][j]);
                }
            }
            n++;
        }
        if (total == null) {
            return null;
        }
        for (double[] row : total) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= n;
            }
        }
        return heatmap(total, "heads heads-summary", "mean |R|");
    }
}
