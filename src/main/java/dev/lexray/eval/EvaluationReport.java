package dev.lexray.eval;

import static dev.lexray.html.Svg.fixed;

import dev.lexray.LexrayJson;
import dev.lexray.html.Html;
import dev.lexray.html.Svg;
import dev.lexray.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders an {@link EvaluationResult} as a Markdown summary and as one self-contained HTML page with the same
 * tables and inline SVG curves. The page loads nothing: its Content-Security-Policy allows only its one style
 * element (by hash) and no script; every text that comes from the run (model, corpus, command, method names) is
 * escaped.
 */
public final class EvaluationReport {
    /** The file names {@link #write} uses in the output directory. */
    public static final String JSON = "evaluation.json";
    public static final String MARKDOWN = "evaluation.md";
    public static final String HTML = "evaluation.html";

    /** Line colours of the methods, in order (colour-blind safe, Okabe-Ito). */
    static final String[] PALETTE = {"#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
        "#999999"};

    private EvaluationReport() {}

    /** Writes evaluation.json, evaluation.md and evaluation.html into {@code dir} (created), each atomically. */
    public static List<Path> write(EvaluationResult r, Path dir) {
        Path json = dir.resolve(JSON);
        Path md = dir.resolve(MARKDOWN);
        Path html = dir.resolve(HTML);
        try {
            AtomicFiles.write(json, (LexrayJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the evaluation", e);
        }
        AtomicFiles.write(md, markdown(r).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(html, html(r).getBytes(StandardCharsets.UTF_8));
        return List.of(json, md, html);
    }

    // ------------------------------------------------------------------------------------------- tables

    /** Which way a column is better, for marking the best value. */
    enum Better { HIGHER, LOWER, NONE }

    /** A table with a heading and a caption; cells are plain text (rendering escapes them). */
    record Table(String heading, String caption, List<String> header, List<Better> better, List<List<String>> rows) {}

    static List<Table> tables(EvaluationResult r) {
        List<Table> out = new ArrayList<>();
        List<EvaluationResult.MethodResult> ms = r.methods();
        if (ms.stream().anyMatch(m -> m.deletion() != null)) {
            deletionTable(out, ms, "Word deletion, correctly classified texts (Arras et al. 2017)",
                    "Accuracy after deleting the k most relevant words (true class explained); lower is better: a "
                            + "faithful method finds the words the decision rests on.",
                    m -> m.deletion().correct(), Better.LOWER, false);
            deletionTable(out, ms, "Word deletion, misclassified texts",
                    "Accuracy after deleting the k least relevant words (true class explained); higher is better: "
                            + "removing the evidence against the true class repairs the decision.",
                    m -> m.deletion().misclassified(), Better.HIGHER, false);
            deletionTable(out, ms, "Word deletion by fraction of the text, correctly classified texts",
                    "Accuracy after deleting that share of each text's words (rounded up), most relevant first; lower "
                            + "is better.", m -> m.deletion().correctFractions(), Better.LOWER, true);
            deletionTable(out, ms, "Word deletion by fraction of the text, misclassified texts",
                    "Accuracy after deleting that share of each text's words (rounded up), least relevant first; "
                            + "higher is better.", m -> m.deletion().misclassifiedFractions(), Better.HIGHER, true);
        }
        if (ms.stream().anyMatch(m -> m.aopc() != null)) {
            List<List<String>> rows = new ArrayList<>();
            double[] bins = null;
            for (EvaluationResult.MethodResult m : ms) {
                EvaluationResult.Aopc a = m.aopc();
                if (a == null) {
                    continue;
                }
                bins = a.bins();
                rows.add(List.of(m.name(), Integer.toString(a.texts()), f(a.comprehensiveness()),
                        f(a.sufficiency()), f(a.lerfComprehensiveness()), f(a.areaBetweenCurves())));
            }
            out.add(new Table("AOPC (ERASER, DeYoung et al. 2020)", "Predicted class explained; bins "
                    + percents(bins) + " of the words (rounded up). Comprehensiveness: mean drop of the predicted "
                    + "class' probability when the most relevant words are removed (higher is better). Sufficiency: "
                    + "mean drop when only they are kept (lower is better). LeRF: comprehensiveness with the least "
                    + "relevant words removed first. Area between the curves = comprehensiveness - LeRF (higher is "
                    + "better).",
                    List.of("method", "texts", "comprehensiveness", "sufficiency", "LeRF comprehensiveness",
                            "area between curves"),
                    List.of(Better.NONE, Better.NONE, Better.HIGHER, Better.LOWER, Better.LOWER, Better.HIGHER),
                    rows));
        }
        if (ms.stream().anyMatch(m -> m.plausibility() != null)) {
            List<List<String>> rows = new ArrayList<>();
            for (EvaluationResult.MethodResult m : ms) {
                EvaluationResult.PlausibilityResult p = m.plausibility();
                if (p != null) {
                    rows.add(List.of(m.name(), Integer.toString(p.texts()), f(p.auprc()), f(p.averagePrecision()),
                            f(p.tokenF1()), f(p.iouF1())));
                }
            }
            out.add(new Table("Plausibility against human rationales (ERASER metrics)",
                    "True class explained, texts with a rationale. Token AUPRC (ERASER's trapezoidal area, which "
                            + "rewards tied scores) and average precision of the relevance against the marked words; "
                            + "token F1 and IOU F1 (IOU >= 0.5) of the top-k words, k = the rationale's length. Higher "
                            + "is better.",
                    List.of("method", "texts", "AUPRC", "AP", "token F1", "IOU F1"),
                    List.of(Better.NONE, Better.NONE, Better.HIGHER, Better.HIGHER, Better.HIGHER, Better.HIGHER),
                    rows));
        }
        if (ms.stream().anyMatch(m -> m.randomization() != null)) {
            List<String> header = new ArrayList<>(List.of("method", "texts"));
            List<Better> better = new ArrayList<>(List.of(Better.NONE, Better.NONE));
            int stages = 0;
            for (EvaluationResult.MethodResult m : ms) {
                if (m.randomization() != null && m.randomization().stages().size() > stages) {
                    stages = m.randomization().stages().size();
                    header = new ArrayList<>(List.of("method", "texts"));
                    better = new ArrayList<>(List.of(Better.NONE, Better.NONE));
                    for (int s = 0; s < stages; s++) {
                        header.add((s == 0 ? "" : "+") + m.randomization().stages().get(s).layer());
                        better.add(Better.NONE);
                    }
                }
            }
            header.add("flag");
            better.add(Better.NONE);
            List<List<String>> rows = new ArrayList<>();
            for (EvaluationResult.MethodResult m : ms) {
                EvaluationResult.Randomization rz = m.randomization();
                if (rz == null) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(m.name(), Integer.toString(rz.texts())));
                for (int s = 0; s < stages; s++) {
                    row.add(s < rz.stages().size() ? f(rz.stages().get(s).spearman()) : "");
                }
                row.add(rz.flagged() ? "unchanged by randomisation" : "");
                rows.add(row);
            }
            out.add(new Table("Randomisation sanity check (Adebayo et al. 2018)",
                    "Mean Spearman correlation of word relevance (true class) between the trained model and copies "
                            + "with their layers randomised from the top down, cumulatively. Lower means the "
                            + "explanation depends on the weights; a method still at " + Evaluation.Config.UNCHANGED
                            + " or above with every layer randomised is flagged.",
                    header, better, rows));
        }
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationResult.MethodResult m : ms) {
            rows.add(List.of(m.name(), Integer.toString(m.texts()),
                    String.format(Locale.ROOT, "%.4f", m.cost().secondsPerText()),
                    String.format(Locale.ROOT, "%.1f", m.cost().forwardEquivalents())));
        }
        out.add(new Table("Cost", String.format(Locale.ROOT, "Seconds per text to explain (true class), and that "
                + "time in forward passes (one prediction takes %.5f s per text in this run).", r.forwardSecondsPerText()),
                List.of("method", "texts", "seconds per text", "forward passes"),
                List.of(Better.NONE, Better.NONE, Better.LOWER, Better.LOWER), rows));
        return out;
    }

    private static void deletionTable(List<Table> out, List<EvaluationResult.MethodResult> ms, String heading,
            String caption, Function<EvaluationResult.MethodResult, EvaluationResult.Curve> pick, Better better,
            boolean fractions) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = null;
        for (EvaluationResult.MethodResult m : ms) {
            EvaluationResult.Curve c = m.deletion() == null ? null : pick.apply(m);
            if (c == null) {
                continue;
            }
            if (header == null) {
                header = new ArrayList<>(List.of("method", "texts"));
                for (double x : c.x()) {
                    header.add(fractions ? percent(x) : Integer.toString((int) x));
                }
            }
            List<String> row = new ArrayList<>(List.of(m.name(), Integer.toString(c.texts())));
            for (double a : c.accuracy()) {
                row.add(f(a));
            }
            rows.add(row);
        }
        if (header == null) {
            return;
        }
        List<Better> b = new ArrayList<>(List.of(Better.NONE, Better.NONE, Better.NONE));
        while (b.size() < header.size()) {
            b.add(better);
        }
        out.add(new Table(heading, caption, header, b, rows));
    }

    /** True when some column of the table has a better direction (and its best value is marked). */
    static boolean ranked(Table t) {
        return t.better().stream().anyMatch(b -> b != Better.NONE);
    }

    /** Index of the best value of a column, or -1 (no direction, fewer than two numbers, or a tie for best). */
    static int best(Table t, int col) {
        Better b = t.better().get(col);
        if (b == Better.NONE) {
            return -1;
        }
        int best = -1;
        double bestValue = 0;
        boolean tie = false;
        int numbers = 0;
        for (int r = 0; r < t.rows().size(); r++) {
            double v;
            try {
                v = Double.parseDouble(t.rows().get(r).get(col));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                continue;
            }
            numbers++;
            boolean better = best < 0 || (b == Better.HIGHER ? v > bestValue : v < bestValue);
            if (better) {
                best = r;
                bestValue = v;
                tie = false;
            } else if (v == bestValue) {
                tie = true;
            }
        }
        return numbers < 2 || tie ? -1 : best;
    }

    // ------------------------------------------------------------------------------------------- Markdown

    public static String markdown(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Evaluation: ").append(md(r.model())).append(" on ").append(md(r.corpus())).append(':')
                .append(md(r.split())).append("\n\n");
        for (String line : facts(r)) {
            sb.append("- ").append(line).append('\n');
        }
        if (r.command() != null) {
            sb.append("\n```\n").append(r.command().replace("```", "` ` `")).append("\n```\n");
        }
        for (Table t : tables(r)) {
            sb.append("\n## ").append(md(t.heading())).append("\n\n").append(md(t.caption()))
                    .append(ranked(t) ? " Best value in bold." : "").append("\n\n|");
            for (String h : t.header()) {
                sb.append(' ').append(md(h)).append(" |");
            }
            sb.append("\n|");
            for (int c = 0; c < t.header().size(); c++) {
                sb.append(c == 0 ? "---|" : "---:|");
            }
            sb.append('\n');
            int[] best = new int[t.header().size()];
            for (int c = 0; c < best.length; c++) {
                best[c] = best(t, c);
            }
            for (int row = 0; row < t.rows().size(); row++) {
                sb.append('|');
                List<String> cells = t.rows().get(row);
                for (int c = 0; c < cells.size(); c++) {
                    String v = md(cells.get(c));
                    sb.append(' ').append(best[c] == row ? "**" + v + "**" : v).append(" |");
                }
                sb.append('\n');
            }
        }
        if (!r.notes().isEmpty()) {
            sb.append("\n## Notes\n\n");
            r.notes().forEach(n -> sb.append("- ").append(md(n)).append('\n'));
        }
        return sb.toString();
    }

    private static List<String> facts(EvaluationResult r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "texts: %d (%d skipped: no word the model knows), model accuracy on them %.4f",
                r.texts(), r.skipped(), r.accuracy()));
        EvaluationResult.Settings s = r.settings();
        out.add("metrics: " + String.join(", ", s.metrics()) + "; words removed by " + removalText(s.removal()));
        if (!s.labelMap().isEmpty()) {
            List<String> pairs = new ArrayList<>();
            s.labelMap().forEach((k, v) -> pairs.add(k + " -> " + (v.isEmpty() ? "(left out)" : v)));
            out.add("corpus labels mapped to the model's: " + String.join(", ", pairs));
        }
        out.add("Lexray " + r.lexray() + ", " + r.created());
        return out;
    }

    private static String removalText(String removal) {
        return switch (removal) {
            case "zero" -> "zeroing their embeddings";
            case "unk" -> "replacing them with the unknown token";
            case "pad" -> "replacing them with padding";
            default -> "deleting them from the sequence";
        };
    }

    /** Markdown-safe text: table pipes, emphasis and HTML characters escaped, newlines flattened. */
    static String md(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '|', '*', '_', '`', '[', ']', '\\', '#' -> sb.append('\\').append(c);
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String f(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String percent(double x) {
        double p = x * 100;
        return (p == Math.rint(p) ? Integer.toString((int) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    private static String percents(double[] bins) {
        List<String> out = new ArrayList<>();
        for (double b : bins == null ? new double[0] : bins) {
            out.add(percent(b));
        }
        return String.join(", ", out);
    }

    // ------------------------------------------------------------------------------------------- HTML

    private static final String CSS = """
            :root { --ink: #1b1f24; --muted: #5b6470; --line: #e1e4e8; --bg: #f5f6f8; --accent: #23395d; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink);
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
            header { background: var(--accent); color: #fff; padding: 18px 0 20px; }
            .wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
            h1 { font-size: 22px; margin: 4px 0; word-break: break-word; }
            h2 { font-size: 17px; margin: 28px 0 6px; }
            .brand { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
            header ul { margin: 6px 0 0; padding-left: 18px; color: #d5dde9; }
            pre { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px;
              white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
            .caption { color: var(--muted); margin: 0 0 8px; max-width: 900px; }
            table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin: 6px 0; }
            th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right;
              font-variant-numeric: tabular-nums; }
            th:first-child, td:first-child { text-align: left; }
            th { background: #eef0f2; font-weight: 600; }
            td.best { font-weight: 700; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
            figcaption { font-size: 12px; color: var(--muted); max-width: 380px; }
            svg text { font: 11px system-ui, sans-serif; fill: #333; }
            .notes { color: var(--muted); }
            footer { margin: 32px 0; color: var(--muted); font-size: 12px; }
            """;

    public static String html(EvaluationResult r) {
        String csp = "default-src 'none'; style-src " + Html.cspHash(CSS) + "; img-src 'none'; script-src 'none'; "
                + "base-uri 'none'; form-action 'none'";
        String title = "Evaluation: " + r.model() + " on " + r.corpus() + ":" + r.split();
        StringBuilder sb = new StringBuilder(32_768);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n") // our own text
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(CSS)
                .append("</style>\n</head>\n<body>\n<header><div class=\"wrap\"><div class=\"brand\">Lexray evaluation"
                        + "</div>\n<h1>").append(Html.escape(title)).append("</h1>\n<ul>\n");
        for (String fact : facts(r)) {
            sb.append("<li>").append(Html.escape(fact)).append("</li>\n");
        }
        sb.append("</ul></div></header>\n<main class=\"wrap\">\n");
        if (r.command() != null) {
            sb.append("<h2>Command</h2>\n<pre>").append(Html.escape(r.command())).append("</pre>\n");
        }
        charts(sb, r);
        for (Table t : tables(r)) {
            sb.append("<h2>").append(Html.escape(t.heading())).append("</h2>\n<p class=\"caption\">")
                    .append(Html.escape(t.caption()))
                    .append(ranked(t) ? " Best value in bold." : "").append("</p>\n<table>\n<thead><tr>");
            for (String h : t.header()) {
                sb.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>");
            }
            sb.append("</tr></thead>\n<tbody>\n");
            int[] best = new int[t.header().size()];
            for (int c = 0; c < best.length; c++) {
                best[c] = best(t, c);
            }
            for (int row = 0; row < t.rows().size(); row++) {
                sb.append("<tr>");
                List<String> cells = t.rows().get(row);
                for (int c = 0; c < cells.size(); c++) {
                    sb.append(best[c] == row ? "<td class=\"best\">" : "<td>").append(Html.escape(cells.get(c)))
                            .append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody>\n</table>\n");
        }
        if (!r.notes().isEmpty()) {
            sb.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            r.notes().forEach(n -> sb.append("<li>").append(Html.escape(n)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        sb.append("</main>\n<footer class=\"wrap\">Generated by Lexray ").append(Html.escape(r.lexray()))
                .append(". Self-contained page: no script, no external resource.</footer>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** A series of one method in a chart. */
    record Series(String name, double[] y) {}

    private static void charts(StringBuilder sb, EvaluationResult r) {
        List<String> figures = new ArrayList<>();
        List<EvaluationResult.MethodResult> ms = r.methods();
        addChart(figures, ms, "Correctly classified: accuracy after deleting the most relevant words",
                "words deleted", m -> m.deletion() == null ? null : m.deletion().correct(), true);
        addChart(figures, ms, "Misclassified: accuracy after deleting the least relevant words", "words deleted",
                m -> m.deletion() == null ? null : m.deletion().misclassified(), true);
        addAopcChart(figures, ms, true);
        addAopcChart(figures, ms, false);
        List<Series> rand = new ArrayList<>();
        List<String> stageLabels = new ArrayList<>();
        for (EvaluationResult.MethodResult m : ms) {
            if (m.randomization() == null) {
                continue;
            }
            List<EvaluationResult.Stage> st = m.randomization().stages();
            double[] y = new double[st.size() + 1];
            y[0] = 1;
            if (stageLabels.size() < st.size() + 1) {
                stageLabels.clear();
                stageLabels.add("none");
                st.forEach(s -> stageLabels.add(s.layer()));
            }
            for (int s = 0; s < st.size(); s++) {
                y[s + 1] = st.get(s).spearman() == null ? Double.NaN : st.get(s).spearman();
            }
            rand.add(new Series(m.name(), y));
        }
        if (!rand.isEmpty()) {
            figures.add(figure("Spearman correlation with the trained model's explanations, layers randomised "
                    + "from the top down", stageLabels, rand, -0.2, 1, "randomised down to"));
        }
        if (figures.isEmpty()) {
            return;
        }
        sb.append("<h2>Curves</h2>\n<div class=\"charts\">\n");
        figures.forEach(sb::append);
        sb.append("</div>\n");
    }

    private static void addChart(List<String> figures, List<EvaluationResult.MethodResult> ms, String title,
            String xTitle, Function<EvaluationResult.MethodResult, EvaluationResult.Curve> pick, boolean counts) {
        List<Series> series = new ArrayList<>();
        List<String> x = null;
        for (EvaluationResult.MethodResult m : ms) {
            EvaluationResult.Curve c = pick.apply(m);
            if (c == null) {
                continue;
            }
            if (x == null) {
                x = new ArrayList<>();
                for (double v : c.x()) {
                    x.add(counts ? Integer.toString((int) v) : percent(v));
                }
            }
            series.add(new Series(m.name(), c.accuracy()));
        }
        if (!series.isEmpty()) {
            figures.add(figure(title, x, series, 0, 1, xTitle));
        }
    }

    private static void addAopcChart(List<String> figures, List<EvaluationResult.MethodResult> ms, boolean morf) {
        List<Series> series = new ArrayList<>();
        List<String> x = null;
        for (EvaluationResult.MethodResult m : ms) {
            EvaluationResult.Aopc a = m.aopc();
            if (a == null) {
                continue;
            }
            if (x == null) {
                x = new ArrayList<>(List.of("0%"));
                for (double b : a.bins()) {
                    x.add(percent(b));
                }
            }
            series.add(new Series(m.name(), morf ? a.morfProbability() : a.lerfProbability()));
        }
        if (!series.isEmpty()) {
            figures.add(figure(morf ? "Probability of the predicted class, most relevant words removed first"
                    : "Probability of the predicted class, least relevant words removed first", x, series, 0, 1,
                    "share of words removed"));
        }
    }

    /** A line chart as inline SVG: categorical x positions, y from {@code lo} to {@code hi}, a legend. */
    static String figure(String title, List<String> x, List<Series> series, double lo, double hi, String xTitle) {
        int w = 400;
        int h = 240;
        int left = 44;
        int right = 34;
        int top = 12;
        int bottom = 40;
        double pw = w - left - right;
        double ph = h - top - bottom;
        int n = x.size();
        Function<Integer, Double> px = i -> left + (n == 1 ? pw / 2 : pw * i / (n - 1));
        Function<Double, Double> py = v -> top + ph * (1 - (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo));
        int legendHeight = 16 * series.size() + 4;
        Svg s = new Svg().open("figure").open("svg", "width", w, "height", h + legendHeight,
                "viewBox", "0 0 " + w + " " + (h + legendHeight), "role", "img", "aria-label", title).newline();
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            String y = fixed(py.apply(v), 1);
            s.empty("line", "x1", left, "x2", fixed(left + pw, 1), "y1", y, "y2", y, "stroke", "#e1e4e8");
            s.element("text", fixed(v, 2), "x", left - 6, "y", fixed(py.apply(v) + 4, 1), "text-anchor", "end")
                    .newline();
        }
        for (int i = 0; i < n; i++) {
            s.element("text", x.get(i), "x", fixed(px.apply(i), 1), "y", fixed(top + ph + 16, 1),
                    "text-anchor", "middle").newline();
        }
        s.element("text", xTitle, "x", fixed(left + pw / 2, 1), "y", h - 4, "text-anchor", "middle").newline();
        for (int k = 0; k < series.size(); k++) {
            Series se = series.get(k);
            String colour = PALETTE[k % PALETTE.length];
            List<String> points = new ArrayList<>();
            for (int i = 0; i < Math.min(n, se.y().length); i++) {
                if (!Double.isNaN(se.y()[i])) {
                    points.add(fixed(px.apply(i), 1) + "," + fixed(py.apply(se.y()[i]), 1));
                }
            }
            s.open("polyline", "fill", "none", "stroke", colour, "stroke-width", 2, "points", String.join(" ", points))
                    .element("title", se.name()).close("polyline").newline();
            int ly = h + 12 + 16 * k;
            s.empty("line", "x1", left, "x2", left + 20, "y1", ly - 4, "y2", ly - 4, "stroke", colour,
                    "stroke-width", 3);
            s.element("text", se.name(), "x", left + 26, "y", ly).newline();
        }
        return s.close("svg").element("figcaption", title).close("figure").newline().toString();
    }
}
