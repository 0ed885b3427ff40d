package dev.lexray.bench;

import static dev.lexray.html.Svg.fixed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.bench.Benchmark.Result;
import dev.lexray.bench.Benchmark.Row;
import dev.lexray.html.Html;
import dev.lexray.html.Svg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/** A benchmark's result as a Markdown table, JSON, and a self-contained HTML page with SVG plots of cost vs length. */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#17becf"};

    private BenchReport() {}

    public static String json(Result result) {
        try {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("machine", result.machine());
            m.put("config", result.config());
            m.put("seconds", result.seconds());
            m.put("summary", summary(result));
            m.put("rows", result.rows());
            return JSON.writeValueAsString(sanitize(m)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** NaN is not JSON: it becomes null. */
    private static JsonNode sanitize(Object o) {
        return fix(JSON.valueToTree(o));
    }

    private static JsonNode fix(JsonNode n) {
        if (n instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                obj.set(k, fix(obj.get(k)));
            }
            return obj;
        }
        if (n instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, fix(arr.get(i)));
            }
            return arr;
        }
        if (n.isNumber() && !Double.isFinite(n.asDouble())) {
            return NullNode.getInstance();
        }
        return n;
    }

    /**
     * Headline figures per model: LRP's ratio to the forward pass (median over the sweep's configurations, and its
     * range), LRP's speed-up over LIME and Integrated Gradients, the best LRP rate, and the exponent of LRP time per
     * text against length (log-log least squares over lengths >= 32 at each batch size; 1 is linear).
     */
    public static Map<String, Object> summary(Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String model : models(result)) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Row> lrp = sweep(result, model, "lrp");
            if (lrp.isEmpty()) {
                // A run of the attention rules only (bench --synthetic): CP-LRP is what "lrp" means by default.
                lrp = sweep(result, model, "cp-lrp");
            }
            if (!lrp.isEmpty()) {
                double[] ratios = lrp.stream().mapToDouble(Row::ratio).toArray();
                Benchmark.Stats s = Benchmark.Stats.of(ratios);
                m.put("lrp_over_forward_median", s.median());
                m.put("lrp_over_forward_min", s.min());
                m.put("lrp_over_forward_max", s.max());
                m.put("lrp_over_forward_cpu_median", Benchmark.Stats.of(lrp.stream().mapToDouble(Row::cpuRatio)
                        .toArray()).median());
                Row best = lrp.stream().max(Comparator.comparingDouble(Row::textsPerSecond)).get();
                m.put("lrp_best_texts_per_second", best.textsPerSecond());
                m.put("lrp_best_at", "batch " + best.batchSize() + ", " + best.words() + " words");
                Map<String, Double> slopes = new LinkedHashMap<>();
                for (int b : new TreeSet<>(lrp.stream().map(Row::batchSize).toList())) {
                    List<Row> byLen = lrp.stream().filter(r -> r.batchSize() == b && r.words() >= 32).toList();
                    if (byLen.size() >= 2) {
                        slopes.put("batch " + b, slope(byLen));
                    }
                }
                m.put("lrp_time_per_text_vs_length_exponent", slopes);
            }
            for (String slow : Benchmark.SLOW) {
                double[] v = result.rows().stream().filter(r -> r.model().equals(model) && r.method().equals(slow))
                        .mapToDouble(Row::vsLrp).toArray();
                if (v.length > 0) {
                    Benchmark.Stats s = Benchmark.Stats.of(v);
                    m.put("lrp_speedup_over_" + slow.replace('-', '_') + "_median", s.median());
                    m.put("lrp_speedup_over_" + slow.replace('-', '_') + "_min", s.min());
                }
            }
            out.put(model, m);
        }
        return out;
    }

    /** Least-squares slope of log(ms per text) against log(words). */
    static double slope(List<Row> rows) {
        double n = rows.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Row r : rows) {
            double x = Math.log(r.words());
            double y = Math.log(r.msPerText());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    public static String markdown(Result result) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> mach = result.machine();
        sb.append("Machine: ").append(mach.get("cpu")).append(", ").append(mach.get("cores")).append(" cores; ")
                .append(mach.get("java")).append("; workers ").append(mach.get("workers")).append(", libtorch threads ")
                .append(mach.get("torch_threads")).append("; load average ").append(mach.get("load_average_start"))
                .append(" at start, ").append(mach.get("load_average_end")).append(" at end; ")
                .append(String.format(Locale.ROOT, "%.0f s", result.seconds())).append(".\n\n");
        for (String model : models(result)) {
            sb.append("### ").append(model).append("\n\n");
            sb.append("| method | batch | words | tokens | texts | texts/s median [min-max] | ms/text | x forward "
                    + "median [min-max] | x forward (CPU time) | LRP faster by | peak RSS MiB |\n");
            sb.append("|---|---:|---:|---:|---:|---|---:|---|---:|---:|---:|\n");
            for (Row r : result.rows()) {
                if (!r.model().equals(model)) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %d | %s [%s-%s] | %s | %.2f [%.2f-%.2f] "
                        + "| %.2f | %s | %.0f |\n", r.method(), r.batchSize(), r.words(), r.tokens(), r.texts(),
                        num(r.textsPerSecond()), num(r.textsPerSecondMin()), num(r.textsPerSecondMax()),
                        num(r.msPerText()), r.ratio(), r.ratioMin(), r.ratioMax(), r.cpuRatio(),
                        Double.isNaN(r.vsLrp()) || r.method().equals("lrp") || r.method().equals("forward") ? ""
                                : String.format(Locale.ROOT, "%.1fx", r.vsLrp()), r.peakRssMiB()));
            }
            sb.append('\n');
        }
        sb.append("Summary (medians over the configurations measured; LRP faster by = the method's time over LRP's "
                + "in the same round):\n\n");
        sb.append("| model | LRP / forward, wall [min-max] | LRP / forward, CPU | LRP best texts/s | "
                + "LRP faster than IG | than occlusion | than LIME | LRP time ~ words^k (k per batch size) |\n");
        sb.append("|---|---|---:|---|---|---|---|---|\n");
        summary(result).forEach((model, v) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            sb.append("| ").append(model).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", d(m, "lrp_over_forward_median"),
                            d(m, "lrp_over_forward_min"), d(m, "lrp_over_forward_max"))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f", d(m, "lrp_over_forward_cpu_median"))).append(" | ")
                    .append(num(d(m, "lrp_best_texts_per_second"))).append(" (").append(m.getOrDefault("lrp_best_at",
                            "-")).append(") | ");
            for (String slow : Benchmark.SLOW) {
                String key = "lrp_speedup_over_" + slow.replace('-', '_');
                sb.append(Double.isNaN(d(m, key + "_median")) ? "-" : String.format(Locale.ROOT, "%.0fx (min %.0fx)",
                        d(m, key + "_median"), d(m, key + "_min"))).append(" | ");
            }
            Object slopes = m.get("lrp_time_per_text_vs_length_exponent");
            StringBuilder ks = new StringBuilder();
            if (slopes instanceof Map<?, ?> sm) {
                sm.forEach((b, k) -> ks.append(ks.length() == 0 ? "" : ", ").append(b).append(": ")
                        .append(String.format(Locale.ROOT, "%.2f", ((Number) k).doubleValue())));
            }
            sb.append(ks.length() == 0 ? "-" : ks.toString()).append(" |\n");
        });
        return sb.toString();
    }

    private static double d(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Three significant digits, no exponent. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static List<Row> sweep(Result result, String model, String method) {
        return result.rows().stream().filter(r -> r.model().equals(model) && r.method().equals(method)
                && r.group().equals("sweep")).toList();
    }

    private static List<String> models(Result result) {
        Set<String> s = new LinkedHashSet<>();
        result.rows().forEach(r -> s.add(r.model()));
        return new ArrayList<>(s);
    }

    private static final String CSS = "body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
            + "text-align:right}td:first-child,th:first-child{text-align:left}svg{display:block;margin:1em 0}"
            + "figcaption{color:#555}";

    /** A self-contained page: no script, no external resource (the CSP allows its one style); every text escaped. */
    public static String html(Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src ")
                .append(Html.cspHash(CSS)).append("\">\n")
                .append("<title>Lexray benchmark</title>\n<style>").append(CSS).append("</style></head><body>\n")
                .append("<h1>Lexray benchmark</h1>\n<p>");
        result.machine().forEach((k, v) -> sb.append(Html.escape(k)).append(": ").append(Html.escape(String.valueOf(v)))
                .append("; "));
        sb.append(String.format(Locale.ROOT, "%.0f s.</p>\n", result.seconds()));
        for (String model : models(result)) {
            sb.append("<h2>").append(Html.escape(model)).append("</h2>\n");
            List<Row> rows = result.rows().stream().filter(r -> r.model().equals(model)).toList();
            for (int b : new TreeSet<>(rows.stream().map(Row::batchSize).toList())) {
                List<Row> at = rows.stream().filter(r -> r.batchSize() == b).toList();
                if (at.stream().map(Row::words).distinct().count() >= 2) {
                    sb.append("<figure>").append(plot(at)).append("<figcaption>").append(Html.escape(model))
                            .append(": milliseconds per text against words per text, batch size ").append(b)
                            .append(" (log-log; median over rounds, bars from min to max).</figcaption></figure>\n");
                }
            }
            sb.append("<table><thead><tr><th>method</th><th>batch</th><th>words</th><th>tokens</th><th>texts</th>"
                    + "<th>texts/s</th><th>min</th><th>max</th><th>ms/text</th><th>&times; forward</th>"
                    + "<th>&times; forward (CPU)</th>"
                    + "<th>LRP faster by</th><th>peak RSS MiB</th></tr></thead><tbody>\n");
            for (Row r : rows) {
                sb.append("<tr><td>").append(Html.escape(r.method())).append("</td><td>").append(r.batchSize())
                        .append("</td><td>").append(r.words()).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.0f", r.tokens())).append("</td><td>").append(r.texts())
                        .append("</td><td>").append(num(r.textsPerSecond())).append("</td><td>")
                        .append(num(r.textsPerSecondMin())).append("</td><td>").append(num(r.textsPerSecondMax()))
                        .append("</td><td>").append(num(r.msPerText())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f", r.ratio())).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f", r.cpuRatio())).append("</td><td>")
                        .append(Double.isNaN(r.vsLrp()) || r.method().equals("lrp") || r.method().equals("forward")
                                ? "" : String.format(Locale.ROOT, "%.1f", r.vsLrp()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.0f", r.peakRssMiB()))
                        .append("</td></tr>\n");
            }
            sb.append("</tbody></table>\n");
        }
        sb.append("<h2>Summary</h2>\n<ul>\n");
        summary(result).forEach((model, v) -> sb.append("<li>").append(Html.escape(model)).append(": ")
                .append(Html.escape(String.valueOf(v))).append("</li>\n"));
        sb.append("</ul>\n</body></html>\n");
        return sb.toString();
    }

    /** Inline SVG: one line per method, log2 words on x, log10 ms per text on y. */
    static String plot(List<Row> rows) {
        int w = 720;
        int h = 360;
        int left = 70;
        int right = 190;
        int top = 20;
        int bottom = 45;
        double xMin = Math.log(rows.stream().mapToInt(Row::words).min().orElse(1));
        double xMax = Math.log(rows.stream().mapToInt(Row::words).max().orElse(2));
        double yMin = Math.floor(Math.log10(rows.stream().mapToDouble(r -> 1000.0 / r.textsPerSecondMax())
                .filter(v -> v > 0).min().orElse(0.01)));
        double yMax = Math.ceil(Math.log10(rows.stream().mapToDouble(r -> 1000.0 / r.textsPerSecondMin())
                .filter(v -> v > 0).max().orElse(1)));
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        final double x0 = xMin;
        final double x1 = xMax;
        final double y0 = yMin;
        final double y1 = yMax;
        DoubleUnaryOperator px = v -> left + (Math.log(v) - x0) / (x1 - x0) * (w - left - right);
        DoubleUnaryOperator py = v -> top + (1 - (Math.log10(v) - y0) / (y1 - y0))
                * (h - top - bottom);
        Svg svg = new Svg().open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", w, "height", h,
                "viewBox", "0 0 " + w + " " + h, "role", "img", "font-size", 11, "font-family", "sans-serif");
        svg.empty("rect", "x", left, "y", top, "width", w - left - right, "height", h - top - bottom,
                "fill", "none", "stroke", "#999");
        for (int e = (int) y0; e <= (int) y1; e++) {
            double y = py.applyAsDouble(Math.pow(10, e));
            svg.empty("line", "x1", left, "x2", w - right, "y1", fixed(y, 1), "y2", fixed(y, 1), "stroke", "#eee");
            svg.element("text", num(Math.pow(10, e)) + " ms", "x", left - 4, "y", fixed(y + 4, 1),
                    "text-anchor", "end");
        }
        for (int words : new TreeSet<>(rows.stream().map(Row::words).toList())) {
            svg.element("text", Integer.toString(words), "x", fixed(px.applyAsDouble(words), 1),
                    "y", h - bottom + 15, "text-anchor", "middle");
        }
        svg.element("text", "words per text", "x", left + (w - left - right) / 2, "y", h - 8,
                "text-anchor", "middle");
        List<String> methods = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Row::method).toList()));
        for (int k = 0; k < methods.size(); k++) {
            String m = methods.get(k);
            String color = COLORS[k % COLORS.length];
            List<Row> series = rows.stream().filter(r -> r.method().equals(m))
                    .sorted(Comparator.comparingInt(Row::words)).toList();
            List<String> pts = new ArrayList<>();
            for (Row r : series) {
                String x = fixed(px.applyAsDouble(r.words()), 1);
                String y = fixed(py.applyAsDouble(r.msPerText()), 1);
                pts.add(x + "," + y);
                svg.empty("line", "x1", x, "x2", x, "y1", fixed(py.applyAsDouble(1000.0 / r.textsPerSecondMin()), 1),
                        "y2", fixed(py.applyAsDouble(1000.0 / r.textsPerSecondMax()), 1), "stroke", color);
                svg.open("circle", "cx", x, "cy", y, "r", "2.5", "fill", color)
                        .element("title", m + ", " + r.words() + " words: " + num(r.msPerText()) + " ms per text")
                        .close("circle");
            }
            svg.empty("polyline", "fill", "none", "stroke", color, "stroke-width", "1.5", "points",
                    String.join(" ", pts));
            int ly = top + 14 + 16 * k;
            svg.empty("line", "x1", w - right + 12, "x2", w - right + 32, "y1", ly - 4, "y2", ly - 4,
                    "stroke", color, "stroke-width", 2);
            svg.element("text", m, "x", w - right + 38, "y", ly);
        }
        return svg.close("svg").toString();
    }
}
