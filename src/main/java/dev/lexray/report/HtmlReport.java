package dev.lexray.report;

import dev.lexray.Conservation;
import dev.lexray.Explanation;
import dev.lexray.LexrayJson;
import dev.lexray.RuleSettings;
import dev.lexray.TokenRelevance;
import dev.lexray.html.Html;
import dev.lexray.html.Svg;
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
 * Renders a {@link Report} as one self-contained HTML page: the template, styles and script come from the
 * classpath ({@code dev/lexray/report/}, edited in {@code html-report/template/}), every card is rendered here
 * with its words coloured by CSS classes (readable without JavaScript), and the data for the interactive parts
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

    /** The whole page. */
    public static String render(Report report, ReportSummary summary) {
        List<View> views = new ArrayList<>(report.entries().size());
        for (ReportEntry e : report.entries()) {
            views.add(View.of(e));
        }
        String css = resource("report.css") + ColorScale.css();
        String js = resource("report.js");
        String csp = "default-src 'none'; style-src " + Html.cspHash(css) + "; script-src " + Html.cspHash(js)
                + "; img-src 'none'; base-uri 'none'; form-action 'none'";
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("csp", csp);
        vars.put("title", Html.escape(report.title()));
        vars.put("generator", Html.escape("Lexray " + report.version()));
        vars.put("style", css);
        vars.put("bodyClass", report.hasLabels() ? "labelled" : "unlabelled");
        vars.put("heading", Html.escape(report.title()));
        vars.put("meta", meta(report));
        vars.put("summary", summary(report, summary, views));
        vars.put("legend", legend(report));
        vars.put("classOptions", classOptions(report.labels()));
        vars.put("defaultTarget", Html.escape(targetName(report)));
        vars.put("cards", cards(report, views));
        vars.put("count", Integer.toString(report.entries().size()));
        vars.put("footer", footer(report));
        vars.put("data", Html.scriptSafeJson(LexrayJson.toLine(data(report, summary, views))));
        vars.put("script", js);
        return fill(resource("report.html"), vars);
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
        return Html.escape(r.model()) + " · " + r.labels().size() + " classes · " + Html.escape(ruleText(r))
                + " · Lexray " + Html.escape(r.version()) + " · "
                + Html.escape(DATE.format(r.created().withZoneSameInstant(ZoneOffset.UTC)));
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

    private static String params(Map<String, Double> p) {
        return p.entrySet().stream().map(e -> e.getKey().replace('_', ' ') + " " + number(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String targetName(Report r) {
        return "predicted".equals(r.targetSpec()) ? "predicted class" : "class " + r.labels().get(
                r.entries().get(0).target());
    }

    private static String summary(Report r, ReportSummary s, List<View> views) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"tiles\">");
        tile(sb, "Texts", String.format(Locale.ROOT, "%,d", r.entries().size()), "");
        if (s.labelled() > 0) {
            tile(sb, "Accuracy", String.format(Locale.ROOT, "%.1f%%", 100 * s.accuracy()),
                    String.format(Locale.ROOT, "%,d of %,d labelled texts", s.correct(), s.labelled()));
        } else {
            tile(sb, "Accuracy", "—", "no true labels in the input");
        }
        tile(sb, "Classes", Integer.toString(r.labels().size()), String.join(", ", r.labels()));
        tile(sb, "Explained", "predicted".equals(r.targetSpec()) ? "predicted" : r.labels().get(
                r.entries().get(0).target()), "every class on demand, per card");
        double res = 0;
        double score = 0;
        for (View v : views) {
            double[] c = v.cons()[v.entry().target()];
            res += Math.abs(c[3]);
            score += Math.abs(c[2]);
        }
        int n = views.size();
        tile(sb, "Mean |residual|", fixed(res / n, 3), "mean |score| " + fixed(score / n, 3)
                + " (bias and stabiliser share)");
        sb.append("</div>");
        if (r.modelCard() != null) {
            sb.append("<p class=\"model-card\"><span class=\"k\">Model card</span> ")
                    .append(Html.escape(r.modelCard())).append("</p>");
        }
        sb.append("<div class=\"panels\">");
        if (s.labelled() > 0) {
            confusion(sb, r, s);
        }
        perClass(sb, s);
        sb.append("</div>");
        words(sb, r, s);
        return sb.toString();
    }

    /** Per class: texts predicted, mean confidence, and with labels true count, precision, recall, F1. */
    private static void perClass(StringBuilder sb, ReportSummary s) {
        boolean labelled = s.labelled() > 0;
        sb.append("<section class=\"panel\" aria-labelledby=\"pc-h\"><h2 id=\"pc-h\">Per class</h2>")
                .append("<p class=\"note\">").append(labelled
                        ? "Over the labelled texts: precision, recall and F1 of each class."
                        : "How often each class is predicted, and how confidently.")
                .append("</p><div class=\"scroll\"><table class=\"pc\"><thead><tr><th scope=\"col\">class</th>")
                .append("<th scope=\"col\">predicted</th><th scope=\"col\">mean confidence</th>");
        if (labelled) {
            sb.append("<th scope=\"col\">true</th><th scope=\"col\">precision</th><th scope=\"col\">recall</th>")
                    .append("<th scope=\"col\">F1</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (ReportSummary.ClassStats c : s.classes()) {
            sb.append("<tr><th scope=\"row\">").append(Html.escape(c.label())).append("</th><td>")
                    .append(c.predicted()).append("</td><td>")
                    .append(Double.isNaN(c.meanConfidence()) ? "–" : percent(c.meanConfidence())).append("</td>");
            if (labelled) {
                sb.append("<td>").append(c.truth()).append("</td><td>").append(ratio(c.precision()))
                        .append("</td><td>").append(ratio(c.recall())).append("</td><td>").append(ratio(c.f1()))
                        .append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table></div></section>");
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "–" : fixed(v, 2);
    }

    private static void tile(StringBuilder sb, String key, String value, String sub) {
        sb.append("<div class=\"tile\"><div class=\"k\">").append(Html.escape(key)).append("</div><div class=\"v\">")
                .append(Html.escape(value)).append("</div>");
        if (!sub.isEmpty()) {
            sb.append("<div class=\"s\">").append(Html.escape(sub)).append("</div>");
        }
        sb.append("</div>");
    }

    private static void confusion(StringBuilder sb, Report r, ReportSummary s) {
        List<String> labels = r.labels();
        sb.append("<section class=\"panel\" aria-labelledby=\"cm-h\"><h2 id=\"cm-h\">Confusion matrix</h2>")
                .append("<p class=\"note\">Rows: true class, columns: predicted. Shade: share of the row."
                        + "<span class=\"js-only\"> Click a cell to list its texts.</span></p>")
                .append("<div class=\"scroll\"><table class=\"cm\"><thead><tr><td></td><th colspan=\"")
                .append(labels.size()).append("\" scope=\"colgroup\" class=\"axis\">predicted →</th><td></td></tr>")
                .append("<tr><th scope=\"col\" class=\"corner\">true ↓</th>");
        for (String l : labels) {
            sb.append("<th scope=\"col\">").append(Html.escape(l)).append("</th>");
        }
        sb.append("<th scope=\"col\" class=\"tot\">total</th></tr></thead><tbody>");
        for (int t = 0; t < labels.size(); t++) {
            long row = 0;
            for (int p = 0; p < labels.size(); p++) {
                row += s.metrics().confusion()[t][p];
            }
            sb.append("<tr><th scope=\"row\">").append(Html.escape(labels.get(t))).append("</th>");
            for (int p = 0; p < labels.size(); p++) {
                long n = s.metrics().confusion()[t][p];
                int shade = row == 0 || n == 0 ? 0 : 1 + (int) Math.min(4, Math.floor(5.0 * n / row));
                sb.append("<td class=\"q").append(shade).append(t == p ? " diag" : "").append("\">");
                sb.append("<button type=\"button\" data-t=\"").append(t).append("\" data-p=\"").append(p)
                        .append("\" title=\"true ").append(Html.escape(labels.get(t))).append(", predicted ")
                        .append(Html.escape(labels.get(p))).append(": ").append(n).append("\">").append(n)
                        .append("</button></td>");
            }
            sb.append("<td class=\"tot\">").append(row).append("</td></tr>");
        }
        sb.append("</tbody></table></div></section>");
    }

    private static void words(StringBuilder sb, Report r, ReportSummary s) {
        sb.append("<section class=\"panel words\" aria-labelledby=\"tw-h\"><h2 id=\"tw-h\">Top words per class</h2>");
        if (s.wordsSource() != null) {
            sb.append("<p class=\"note\">Summed relevance over the whole corpus, from ").append(Html.escape(s.wordsSource()))
                    .append(" (the cards below are a sample of it).</p><div class=\"word-grid\">");
        } else {
            sb.append("<p class=\"note\">Summed relevance over every text, explaining each class in turn")
                    .append(" (English stop words, clitics such as 's and punctuation left out).</p>")
                    .append("<div class=\"word-grid\">");
        }
        for (ReportSummary.ClassWords cw : s.words()) {
            sb.append("<div class=\"wc\"><h3>").append(Html.escape(cw.label())).append("</h3>");
            sb.append(bars(cw));
            sb.append("</div>");
        }
        sb.append("</div></section>");
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

    private static String legend(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"legend-scale\" aria-hidden=\"true\"><span class=\"end\">against</span>");
        for (int l = -ColorScale.LEVELS; l <= ColorScale.LEVELS; l += 2) {
            sb.append("<span class=\"sw ").append(ColorScale.cssClass(l)).append("\"></span>");
        }
        sb.append("<span class=\"end\">towards</span></div>");
        sb.append("<p class=\"legend-text\">Each word is coloured by its relevance <i>R</i> for the explained class:"
                + " <b class=\"t-red\">red</b> pushes the score of that class up, <b class=\"t-blue\">blue</b>"
                + " pushes it down, white is neutral. Scale: <span id=\"scale-note\">per text (the word with the"
                + " largest |R| in its text is darkest)</span>. Hover or focus a word for its exact relevance."
                + " The words' relevances plus the residual (bias and stabiliser terms) add up to the class score."
                + "</p>");
        return sb.toString();
    }

    private static String classOptions(List<String> labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            sb.append("<option value=\"").append(i).append("\">").append(Html.escape(labels.get(i)))
                    .append("</option>");
        }
        return sb.toString();
    }

    private static String footer(Report r) {
        return "Made by Lexray " + Html.escape(r.version()) + " on "
                + Html.escape(DATE.format(r.created().withZoneSameInstant(ZoneOffset.UTC)))
                + ". A self-contained page: it loads nothing and sends nothing. Its data, every class of every text,"
                + " is the JSON in <code>script#lexray-data</code> (format <code>" + DATA_FORMAT + "</code>).";
    }

    // ---------------------------------------------------------------- cards

    private static String cards(Report r, List<View> views) {
        StringBuilder sb = new StringBuilder(views.size() * 2048);
        for (int i = 0; i < views.size(); i++) {
            card(sb, r, views.get(i), i);
        }
        return sb.toString();
    }

    private static void card(StringBuilder sb, Report r, View v, int i) {
        ReportEntry e = v.entry();
        List<String> labels = r.labels();
        int k = e.target();
        int pred = e.predicted().index();
        sb.append("<article class=\"card").append(e.misclassified() ? " mis" : "").append("\" id=\"t").append(i)
                .append("\" data-i=\"").append(i).append("\" data-k=\"").append(k).append("\">");
        sb.append("<header class=\"card-head\"><span class=\"num\">#").append(i + 1).append("</span>");
        sb.append("<span class=\"pred\">predicted <b>").append(Html.escape(labels.get(pred)))
                .append("</b> <span class=\"prob\">").append(percent(v.probs()[pred])).append("</span></span>");
        if (e.labelled()) {
            sb.append("<span class=\"truth ").append(e.misclassified() ? "bad" : "ok").append("\">true <b>")
                    .append(Html.escape(labels.get(e.trueIndex()))).append("</b>")
                    .append(e.misclassified() ? " <span class=\"flag\">misclassified</span>"
                            : " <span class=\"tick\">✓ correct</span>")
                    .append("</span>");
        }
        double[] c = v.cons()[k];
        sb.append("<span class=\"cons\" title=\"").append(Html.escape(consTitle(c))).append("\">score <b class=\"cs\">")
                .append(fixed(c[2], 3)).append("</b> = Σ<i>R</i> <b class=\"cr\">").append(fixed(c[0], 3))
                .append("</b>");
        if (c[1] != 0) {
            sb.append(" + initial <b class=\"ci\">").append(signedFixed(c[1], 3)).append("</b>");
        }
        sb.append(" + residual <b class=\"cres\">").append(signedFixed(c[3], 3)).append("</b></span>");
        if (!e.source().isEmpty()) {
            sb.append("<span class=\"src\">").append(Html.escape(e.source())).append("</span>");
        }
        sb.append("</header>");
        sb.append("<p class=\"text\">");
        text(sb, e.byClass().get(k), v.rel()[k]);
        sb.append("</p>");
        sb.append("<footer class=\"card-foot\"><span class=\"lbl\">explaining</span><div class=\"classes\""
                + " role=\"group\" aria-label=\"Class explained\">");
        for (int j = 0; j < labels.size(); j++) {
            sb.append("<button type=\"button\" class=\"chip").append(j == k ? " on" : "")
                    .append(j == pred ? " pred" : "").append("\" data-c=\"").append(j).append("\" aria-pressed=\"")
                    .append(j == k).append("\"><span class=\"cn\">").append(Html.escape(labels.get(j)))
                    .append("</span> <span class=\"cp\">").append(percent(v.probs()[j])).append("</span></button>");
        }
        sb.append("</div></footer></article>\n");
    }

    /** The text with every token in a span coloured by its relevance (per-text scale); the rest as it is. */
    private static void text(StringBuilder sb, Explanation x, double[] rel) {
        String text = x.text();
        double max = 0;
        for (double r : rel) {
            max = Math.max(max, Math.abs(r));
        }
        int cursor = 0;
        List<TokenRelevance> tokens = x.tokens();
        for (int j = 0; j < tokens.size(); j++) {
            TokenRelevance t = tokens.get(j);
            boolean inText = t.start() >= cursor && t.end() <= text.length() && t.start() <= t.end();
            if (inText) {
                sb.append(Html.escape(text.substring(cursor, t.start())));
            }
            String word = inText ? text.substring(t.start(), t.end()) : t.text();
            String r = Double.toString(rel[j]);
            sb.append("<span class=\"w ").append(ColorScale.cssClass(ColorScale.level(rel[j], max)))
                    .append("\" tabindex=\"0\" data-r=\"").append(r).append("\" title=\"R = ")
                    .append(rel[j] > 0 ? "+" : "").append(r).append("\">").append(Html.escape(word)).append("</span>");
            if (inText) {
                cursor = t.end();
            }
        }
        sb.append(Html.escape(text.substring(Math.min(cursor, text.length()))));
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

    /** Replaces every {@code {{name}}} in one pass (inserted text is never scanned again). */
    static String fill(String template, Map<String, String> vars) {
        StringBuilder sb = new StringBuilder(template.length() + vars.values().stream().mapToInt(String::length)
                .sum());
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            String name = template.substring(open + 2, close).strip();
            String value = vars.get(name);
            if (value == null) {
                throw new IllegalStateException("report template has {{" + name + "}} but nothing fills it");
            }
            sb.append(template, at, open).append(value);
            at = close + 2;
        }
        return sb.append(template, at, template.length()).toString();
    }

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
