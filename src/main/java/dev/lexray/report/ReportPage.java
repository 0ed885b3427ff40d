package dev.lexray.report;

import java.util.List;

/**
 * What {@code html-report/template/report.jte} shows, every number already formatted: the template escapes each
 * text by its context (jte, {@code ContentType.Html}), so nothing here is HTML. Only {@code style}, {@code script},
 * {@code data} (script-safe JSON) and the words' SVG charts (built by the escaping {@code html.Svg}) go in raw.
 */
public record ReportPage(String csp, String title, String generator, String style, String script, String data,
        String bodyClass, String meta, List<Tile> tiles, String modelCard, List<String> labels, boolean labelled,
        List<ConfusionRow> confusion, List<ClassRow> classes, String wordsSource, List<WordChart> words,
        List<NotExplained> failures, List<String> legend, String defaultTarget, List<Card> cards, String version,
        String created, String dataFormat, String headSummary) {

    /** A headline figure. */
    public record Tile(String key, String value, String sub) {}

    /** One row of the confusion matrix: true class {@code t}, a cell per predicted class, the row total. */
    public record ConfusionRow(int t, String label, List<ConfusionCell> cells, long total) {}

    /** {@code n} texts of true class {@code t} predicted as {@code p}; {@code shade} 0-5 by share of the row. */
    public record ConfusionCell(int p, String predicted, long n, int shade, boolean diagonal) {}

    /** The per-class table's row, formatted (a dash where undefined). */
    public record ClassRow(String label, int predicted, String confidence, long truth, String precision,
            String recall, String f1) {}

    /** A class's top words as an inline SVG chart. */
    public record WordChart(String label, String svg) {}

    /** A text that could not be explained ({@code --on-error record}): its line, why, and its text shortened. */
    public record NotExplained(int line, String error, String text) {}

    /** One text's card. {@code trueLabel} is null when unknown, {@code initial} when the initial state is 0. */
    public record Card(int i, int k, boolean misclassified, String predicted, String probability, String trueLabel,
            String consTitle, String score, String sum, String initial, String residual, String source,
            List<Segment> text, List<Chip> chips, List<Flow> flows) {}

    /**
     * With {@code report --layers}: the relevance-flow strip and (transformers) the layers x heads heatmap of class
     * {@code c}, shown while the card explains that class ({@code on} for the class shown first). Both are inline
     * SVG built by {@link LayerCharts}, which escapes every text; {@code heads} is null for models without heads.
     */
    public record Flow(int c, boolean on, String strip, String heads) {}

    /** A stretch of a card's text: plain when {@code css} is null, else a word coloured by its relevance. */
    public record Segment(String text, String css, String relevance, boolean positive) {}

    /** The button that switches a card to class {@code c}. */
    public record Chip(int c, String label, String probability, boolean on, boolean predicted) {}
}
