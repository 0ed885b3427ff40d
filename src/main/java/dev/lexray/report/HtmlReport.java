package dev.lexray.report;

import dev.lexray.Conservation;
import dev.lexray.Explanation;
import dev.lexray.LexrayJson;
import dev.lexray.RuleSettings;
import dev.lexray.TokenRelevance;
import dev.lexray.html.Html;
import dev.lexray.html.Svg;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link Report} as one self-contained HTML page: the jte templates (compiled at build time), styles
 * and script are edited in {@code html-report/template/}; this class only formats what the {@link Report} and
 * {@link ReportSummary} hold into a {@link ReportPage}, whose texts the templates escape. Every card has its words
 * coloured by CSS classes (readable without JavaScript), and the data for the interactive parts
 * (every class of every text) is embedded as JSON. A Content-Security-Policy with the SHA-256 of the one style
 * and the one script element forbids everything else: no network, no injected script can run.
 */
public final class HtmlReport {
    /** The {@code format} of the embedded JSON ({@code script#lexray-data}). */
    public static final String DATA_FORMAT = "lexray-report/1";
    /** Cards per page when JavaScript paginates. */
    public static final int PAGE_SIZE = 50;

    private static final String RESOURCES = "/dev/lexray/report/";
    private static final MathContext DIGITS = new MathContext(6);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private HtmlReport() {}

    /** The precompiled templates of html-report/template (jte-maven-plugin); HTML content type: auto-escaping. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    /** The whole page. */
    public static String render(Report report, ReportSummary summary) {
        List<View> views = new ArrayList<>(report.entries().size());
        for (ReportEntry e : report.entries()) {
            views.add(View.of(e));
        }
        String css = PageAssets.css();
        String js = PageAssets.scaleScript() + resource("report.js");
        String csp = "default-src 'none'; style-src " + Html.cspHash(css) + "; script-src " + Html.cspHash(js)
                + "; img-src 'none'; base-uri 'none'; form-action 'none'";
        List<ReportPage.Card> cards = new ArrayList<>(views.size());
        for (int i = 0; i < views.size(); i++) {
            cards.add(card(report, views.get(i), i));
        }
        List<String> legend = new ArrayList<>();
        for (int l = -ColorScale.LEVELS; l <= ColorScale.LEVELS; l += 2) {
            legend.add(ColorScale.cssClass(l));
        }
        ReportPage page = new ReportPage(csp, report.title(), "Lexray " + report.version(), css, js,
                Html.scriptSafeJson(LexrayJson.toLine(data(report, summary, views))),
                report.hasLabels() ? "labelled" : "unlabelled", meta(report), tiles(report, summary, views),
                report.modelCard(), report.labels(), summary.labelled() > 0, confusion(report, summary),
                classes(summary), summary.wordsSource(), summary.words().stream()
                        .map(cw -> new ReportPage.WordChart(cw.label(), bars(cw))).toList(),
                failures(report), legend, targetName(report), cards, report.version(), created(report),
                DATA_FORMAT, LayerCharts.headSummary(report.entries().stream()
                        .map(e -> e.byClass().get(e.target())).toList()));
        StringOutput out = new StringOutput(256 * 1024 + views.size() * 2048);
        TEMPLATES.render("report.jte", page, out);
        return out.toString();
    }

    /** One entry with its numbers rounded to 6 significant digits, as the page shows and embeds them. */
    private record View(ReportEntry entry, double[][] rel, double[][] cons, double[] probs) {
        static View of(ReportEntry e) {
            int k = e.byClass().size();
            double[][] rel = new double[k][];
            double[][] cons = new double[k][];
            for (int c = 0; c < k; c++) {
                Explanation x = e.byClass().get(c);
                rel[c] = x.tokens().stream().mapToDouble(t -> round(t.relevance())).toArray();
                Conservation s = x.conservation();
                cons[c] = new double[] {round(s.sum()), round(s.initialState()), round(s.targetScore()),
                    round(s.residual())};
            }
            double[] p = e.byClass().get(0).probabilities();
            for (int c = 0; c < p.length; c++) {
                p[c] = round(p[c]);
            }
            return new View(e, rel, cons, p);
        }
    }

    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? 0 : v;
        }
        return new BigDecimal(v).round(DIGITS).doubleValue();
    }

    // ---------------------------------------------------------------- header and summary

    private static String meta(Report r) {
        return r.model() + " · " + r.labels().size() + " classes · " + ruleText(r) + " · Lexray " + r.version()
                + " · " + created(r);
    }

    private static String created(Report r) {
        return DATE.format(r.created().withZoneSameInstant(ZoneOffset.UTC));
    }

    static String ruleText(Report r) {
        RuleSettings s = r.rule();
        StringBuilder sb = new StringBuilder(r.method().toUpperCase(Locale.ROOT)).append(", rule ").append(s.name());
        if (!s.parameters().isEmpty()) {
            sb.append(" (").append(params(s.parameters())).append(")");
        }
        if (s.recurrent() != null) {
            sb.append("; recurrent layers ").append(params(s.recurrent()));
        }
        return sb.toString();
    }

    private static String params(Map<String, Object> p) {
        return p.entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " "
                        + (e.getValue() instanceof Number n ? number(n.doubleValue()) : String.valueOf(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    private static String targetName(Report r) {
        return "predicted".equals(r.targetSpec()) ? "predicted class" : "class " + r.labels().get(
                r.entries().get(0).target());
    }

    private static List<ReportPage.Tile> tiles(Report r, ReportSummary s, List<View> views) {
        List<ReportPage.Tile> tiles = new ArrayList<>();
        tiles.add(new ReportPage.Tile("Texts", String.format(Locale.ROOT, "%,d", r.entries().size()), ""));
        if (s.labelled() > 0) {
            tiles.add(new ReportPage.Tile("Accuracy", String.format(Locale.ROOT, "%.1f%%", 100 * s.accuracy()),
                    String.format(Locale.ROOT, "%,d of %,d labelled texts", s.correct(), s.labelled())));
        } else {
            tiles.add(new ReportPage.Tile("Accuracy", "—", "no true labels in the input"));
        }
        tiles.add(new ReportPage.Tile("Classes", Integer.toString(r.labels().size()), String.join(", ", r.labels())));
        tiles.add(new ReportPage.Tile("Explained", "predicted".equals(r.targetSpec()) ? "predicted" : r.labels().get(
                r.entries().get(0).target()), "every class on demand, per card"));
        double res = 0;
        double score = 0;
        for (View v : views) {
            double[] c = v.cons()[v.entry().target()];
            res += Math.abs(c[3]);
            score += Math.abs(c[2]);
        }
        int n = views.size();
        tiles.add(new ReportPage.Tile("Mean |residual|", fixed(res / n, 3), "mean |score| " + fixed(score / n, 3)
                + " (bias and stabiliser share)"));
        return tiles;
    }

    /** The texts that could not be explained ({@code --on-error record}): listed apart, with no card. */
    private static List<ReportPage.NotExplained> failures(Report r) {
        return r.failures().stream().map(f -> new ReportPage.NotExplained(f.error().line(), f.error().error(),
                shorten(f.error().text(), 200))).toList();
    }

    /** Per class: texts predicted, mean confidence, and with labels true count, precision, recall, F1. */
    private static List<ReportPage.ClassRow> classes(ReportSummary s) {
        return s.classes().stream().map(c -> new ReportPage.ClassRow(c.label(), c.predicted(),
                Double.isNaN(c.meanConfidence()) ? "–" : percent(c.meanConfidence()), c.truth(),
                ratio(c.precision()), ratio(c.recall()), ratio(c.f1()))).toList();
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "–" : fixed(v, 2);
    }

    private static List<ReportPage.ConfusionRow> confusion(Report r, ReportSummary s) {
        List<String> labels = r.labels();
        long[][] m = s.metrics().confusion();
        List<ReportPage.ConfusionRow> rows = new ArrayList<>(labels.size());
        for (int t = 0; t < labels.size(); t++) {
            long row = 0;
            for (int p = 0; p < labels.size(); p++) {
                row += m[t][p];
            }
            List<ReportPage.ConfusionCell> cells = new ArrayList<>(labels.size());
            for (int p = 0; p < labels.size(); p++) {
                long n = m[t][p];
                int shade = row == 0 || n == 0 ? 0 : 1 + (int) Math.min(4, Math.floor(5.0 * n / row));
                cells.add(new ReportPage.ConfusionCell(p, labels.get(p), n, shade, t == p));
            }
            rows.add(new ReportPage.ConfusionRow(t, labels.get(t), cells, row));
        }
        return rows;
    }

    /** A small SVG: the class's strongest words towards it (red, left) and against it (blue, right). */
    static String bars(ReportSummary.ClassWords cw) {
        int rows = Math.max(1, Math.max(cw.positive().size(), cw.negative().size()));
        int rowH = 18;
        int top = 18;
        int colW = 164;
        int labelW = 78;
        int barMax = 46;
        int height = top + rows * rowH + 2;
        double max = 0;
        for (ReportSummary.WordScore w : cw.positive()) {
            max = Math.max(max, Math.abs(w.total()));
        }
        for (ReportSummary.WordScore w : cw.negative()) {
            max = Math.max(max, Math.abs(w.total()));
        }
        Svg svg = new Svg().open("svg", "class", "bars", "viewBox", "0 0 " + 2 * colW + " " + height,
                "width", 2 * colW, "height", height, "role", "img",
                "aria-label", "Words with the most relevance towards and against " + cw.label());
        svg.element("text", "towards", "class", "ch", "x", 0, "y", 12);
        svg.element("text", "against", "class", "ch", "x", colW, "y", 12);
        column(svg, cw.positive(), 0, top, rowH, labelW, barMax, max, true);
        column(svg, cw.negative(), colW, top, rowH, labelW, barMax, max, false);
        if (cw.positive().isEmpty() && cw.negative().isEmpty()) {
            svg.element("text", "no words", "class", "wl", "x", 0, "y", top + 12);
        }
        return svg.close("svg").toString();
    }

    private static void column(Svg svg, List<ReportSummary.WordScore> words, int x0, int top, int rowH,
            int labelW, int barMax, double max, boolean positive) {
        for (int i = 0; i < words.size(); i++) {
            ReportSummary.WordScore w = words.get(i);
            int y = top + i * rowH;
            double width = max > 0 ? Math.max(1, barMax * Math.abs(w.total()) / max) : 1;
            int level = positive ? 8 : -8;
            svg.open("g").element("title", w.word() + ": " + signed(w.total(), 3) + " in " + w.count()
                    + (w.count() == 1 ? " occurrence" : " occurrences"));
            svg.element("text", shorten(w.word(), 12), "class", "wl", "x", x0 + labelW - 4, "y", y + 13,
                    "text-anchor", "end");
            svg.empty("rect", "class", "f-" + ColorScale.cssClass(level), "x", x0 + labelW, "y", y + 3,
                    "width", fixed(width, 1), "height", 12, "rx", 2);
            svg.element("text", signed(w.total(), w.total() >= 100 || w.total() <= -100 ? 0 : 2), "class", "wv",
                    "x", fixed(x0 + labelW + width + 4, 1), "y", y + 13);
            svg.close("g");
        }
    }

    // ---------------------------------------------------------------- cards

    private static ReportPage.Card card(Report r, View v, int i) {
        ReportEntry e = v.entry();
        List<String> labels = r.labels();
        int k = e.target();
        int pred = e.predicted().index();
        double[] c = v.cons()[k];
        List<ReportPage.Chip> chips = new ArrayList<>(labels.size());
        for (int j = 0; j < labels.size(); j++) {
            chips.add(new ReportPage.Chip(j, labels.get(j), percent(v.probs()[j]), j == k, j == pred));
        }
        return new ReportPage.Card(i, k, e.misclassified(), labels.get(pred), percent(v.probs()[pred]),
                e.labelled() ? labels.get(e.trueIndex()) : null, consTitle(c), fixed(c[2], 3), fixed(c[0], 3),
                c[1] != 0 ? signedFixed(c[1], 3) : null, signedFixed(c[3], 3), e.source(),
                text(e.byClass().get(k), v.rel()[k]), chips, flows(e, k));
    }

    /** Per class the layer charts of the card (empty without layers). */
    private static List<ReportPage.Flow> flows(ReportEntry e, int k) {
        List<ReportPage.Flow> out = new ArrayList<>();
        for (int c = 0; c < e.byClass().size(); c++) {
            Explanation x = e.byClass().get(c);
            String strip = LayerCharts.flow(x);
            if (strip == null) {
                return List.of();
            }
            double[][] heads = LayerCharts.heads(x);
            out.add(new ReportPage.Flow(c, c == k, strip,
                    heads == null ? null : LayerCharts.heatmap(heads, "heads", "R")));
        }
        return out;
    }

    /**
     * A card of one explanation outside a report (the audit's false positives): the explained class as its only
     * chip, numbers rounded as the report rounds them.
     */
    static ReportPage.Card card(Explanation x, int i, boolean misclassified, String trueLabel, String source) {
        double[] rel = x.tokens().stream().mapToDouble(t -> round(t.relevance())).toArray();
        Conservation s = x.conservation();
        double[] c = {round(s.sum()), round(s.initialState()), round(s.targetScore()), round(s.residual())};
        double[] p = x.probabilities();
        int k = x.target().index();
        int pred = x.predicted().index();
        List<String> labels = x.labels();
        return new ReportPage.Card(i, k, misclassified, labels.get(pred), percent(p[pred]), trueLabel, consTitle(c),
                fixed(c[2], 3), fixed(c[0], 3), c[1] != 0 ? signedFixed(c[1], 3) : null, signedFixed(c[3], 3), source,
                text(x, rel), List.of(new ReportPage.Chip(k, labels.get(k), percent(p[k]), true, k == pred)), List.of());
    }

    /** The style sheet of the report and of pages that reuse its cards. */
    static String css() {
        return resource("report.css") + ColorScale.css();
    }

    /** The legend's colour classes, from most negative to most positive. */
    static List<String> legend() {
        List<String> legend = new ArrayList<>();
        for (int l = -ColorScale.LEVELS; l <= ColorScale.LEVELS; l += 2) {
            legend.add(ColorScale.cssClass(l));
        }
        return legend;
    }

    /** The text with every token a segment coloured by its relevance (per-text scale); the rest as it is. */
    private static List<ReportPage.Segment> text(Explanation x, double[] rel) {
        String text = x.text();
        double max = 0;
        for (double r : rel) {
            max = Math.max(max, Math.abs(r));
        }
        List<ReportPage.Segment> out = new ArrayList<>(2 * rel.length + 1);
        int cursor = 0;
        List<TokenRelevance> tokens = x.tokens();
        for (int j = 0; j < tokens.size(); j++) {
            TokenRelevance t = tokens.get(j);
            boolean inText = t.start() >= cursor && t.end() <= text.length() && t.start() <= t.end();
            if (inText) {
                plain(out, text.substring(cursor, t.start()));
            }
            String word = inText ? text.substring(t.start(), t.end()) : t.text();
            out.add(new ReportPage.Segment(word, ColorScale.cssClass(ColorScale.level(rel[j], max)),
                    Double.toString(rel[j]), rel[j] > 0));
            if (inText) {
                cursor = t.end();
            }
        }
        plain(out, text.substring(Math.min(cursor, text.length())));
        return out;
    }

    private static void plain(List<ReportPage.Segment> out, String s) {
        if (!s.isEmpty()) {
            out.add(new ReportPage.Segment(s, null, null, false));
        }
    }

    private static String consTitle(double[] c) {
        return "words " + c[0] + " + initial state " + c[1] + " + residual " + c[3] + " = score " + c[2];
    }

    // ---------------------------------------------------------------- embedded data

    /**
     * The embedded data ({@link #DATA_FORMAT}): model, labels, rule, target, the report-wide scale, and per text
     * {@code text}, true class {@code y} (-1 unknown), predicted {@code p}, class shown first {@code k},
     * probabilities {@code prob}, token spans {@code tok} (start, end, start, end, ... in UTF-16 units),
     * {@code rel[class][token]} and {@code cons[class]} = [sum, initial state, score, residual], all rounded to 6
     * significant digits. report.js also shows, when present, {@code pieces[class][word]} = [[piece, relevance],
     * ...] on hover and {@code special[class]} = [[token, relevance], ...] under the text (for subword models).
     */
    private static Map<String, Object> data(Report r, ReportSummary s, List<View> views) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", DATA_FORMAT);
        d.put("model", r.model());
        d.put("labels", r.labels());
        d.put("method", r.method());
        d.put("rule", r.rule());
        d.put("target", r.targetSpec());
        d.put("version", r.version());
        d.put("created", r.created().withZoneSameInstant(ZoneOffset.UTC).toString());
        d.put("scale", round(s.reportScale()));
        d.put("levels", ColorScale.LEVELS);
        d.put("page_size", PAGE_SIZE);
        d.put("has_labels", r.hasLabels());
        List<Map<String, Object>> texts = new ArrayList<>(views.size());
        for (View v : views) {
            ReportEntry e = v.entry();
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("text", e.text());
            t.put("y", e.trueIndex());
            t.put("p", e.predicted().index());
            t.put("k", e.target());
            t.put("prob", v.probs());
            List<TokenRelevance> tokens = e.byClass().get(0).tokens();
            int[] spans = new int[2 * tokens.size()];
            for (int j = 0; j < tokens.size(); j++) {
                spans[2 * j] = tokens.get(j).start();
                spans[2 * j + 1] = tokens.get(j).end();
            }
            t.put("tok", spans);
            t.put("rel", v.rel());
            t.put("cons", v.cons());
            subwordData(e, t);
            texts.add(t);
        }
        d.put("texts", texts);
        return d;
    }

    /** Pieces of each word and special tokens, per class, for subword models (absent for word-level ones). */
    private static void subwordData(ReportEntry e, Map<String, Object> t) {
        if (e.byClass().get(0).specialTokens() == null) {
            return;
        }
        List<Object> pieces = new ArrayList<>();
        List<Object> special = new ArrayList<>();
        for (Explanation x : e.byClass()) {
            List<Object> words = new ArrayList<>();
            for (TokenRelevance w : x.tokens()) {
                words.add(w.pieces() == null ? List.of() : w.pieces().stream()
                        .map(p -> List.of(p.text(), round(p.relevance()))).toList());
            }
            pieces.add(words);
            special.add(x.specialTokens().stream().map(p -> List.of(p.text(), round(p.relevance()))).toList());
        }
        t.put("pieces", pieces);
        t.put("special", special);
    }

    // ---------------------------------------------------------------- helpers

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + RESOURCES + name + " is missing from the"
                        + " classpath (html-report/template is a resource directory in pom.xml)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shorten(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s
                : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String signedFixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", v);
    }

    private static String signed(double v, int decimals) {
        return signedFixed(v, decimals);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
