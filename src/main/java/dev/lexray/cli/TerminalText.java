package dev.lexray.cli;

import dev.lexray.Conservation;
import dev.lexray.Explanation;
import dev.lexray.LineError;
import dev.lexray.Prediction;
import dev.lexray.LayerRelevance;
import dev.lexray.TokenRelevance;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Explanations as readable terminal text: every word with its signed relevance, coloured on request. */
final class TerminalText {
    private static final String RESET = "\u001b[0m";
    private final boolean colored;

    TerminalText(boolean colored) {
        this.colored = colored;
    }

    String prediction(Prediction p) {
        return quote(p.text()) + "\n  predicted: " + p.predicted().label()
                + String.format(Locale.ROOT, " (p=%.3f)%n", p.probabilities()[p.predicted().index()])
                + warnings(p.warnings());
    }

    /** A line that could not be processed ({@code --on-error record}). */
    String lineError(LineError e) {
        return quote(e.text()) + "\n  error (line " + e.line() + "): " + e.error() + "\n";
    }

    private static String warnings(List<String> warnings) {
        return warnings.stream().map(w -> "  warning: " + w + "\n").collect(Collectors.joining());
    }

    String explanation(Explanation e) {
        StringBuilder sb = new StringBuilder(quote(e.text())).append('\n');
        sb.append("  predicted: ").append(e.predicted().label())
                .append(String.format(Locale.ROOT, " (p=%.3f)", e.probabilities()[e.predicted().index()]))
                .append("   explained: ").append(e.target().label());
        if (e.target().versus() != null) {
            sb.append(" vs ").append(e.target().versus().label());
        }
        sb.append("   rule: ").append(e.rule().name()).append(params(e.rule().parameters())).append('\n');
        double max = e.tokens().stream().mapToDouble(t -> Math.abs(t.relevance())).max().orElse(0);
        StringBuilder line = new StringBuilder("  ");
        for (TokenRelevance t : e.tokens()) {
            String word = clean(t.text()) + String.format(Locale.ROOT, "(%+.3f)", t.relevance());
            line.append(colored ? paint(word, t.relevance(), max) : word).append(' ');
        }
        sb.append(line.toString().stripTrailing()).append('\n');
        if (e.specialTokens() != null && !e.specialTokens().isEmpty()) {
            sb.append("  special tokens:");
            e.specialTokens().forEach(t -> sb.append(' ').append(clean(t.text()))
                    .append(String.format(Locale.ROOT, "(%+.3f)", t.relevance())));
            sb.append('\n');
        }
        if (e.windows() != null) {
            sb.append("  explained in ").append(e.windows()).append(" overlapping windows (text longer than the model's)\n");
        }
        Conservation c = e.conservation();
        String special = c.specialTokens() == null ? ""
                : String.format(Locale.ROOT, " + special tokens %.4f", c.specialTokens());
        sb.append(String.format(Locale.ROOT,
                "  conservation: words %.4f%s + initial state %.4f + residual %.4f = target score %.4f%n",
                c.sum(), special, c.initialState(), c.residual(), c.targetScore()));
        if (e.layers() != null) {
            sb.append(layers(e.layers()));
        }
        sb.append(warnings(e.warnings()));
        return sb.toString();
    }

    /** One line per layer, output first: what entered it, what it absorbed, its heads and top neurons. */
    private static String layers(List<LayerRelevance> layers) {
        StringBuilder sb = new StringBuilder("  layers (output to embedding):\n");
        for (LayerRelevance l : layers) {
            sb.append(String.format(Locale.ROOT, "    %-28s %-14s R %+.4f  absorbed %+.4f", clean(l.name()), l.kind(),
                    l.relevanceSum(), l.absorbed()));
            if (l.initialState() != null) {
                sb.append(String.format(Locale.ROOT, "  initial state %+.4f", l.initialState()));
            }
            if (l.heads() != null) {
                sb.append("  heads");
                for (double h : l.heads()) {
                    sb.append(String.format(Locale.ROOT, " %+.3f", h));
                }
            }
            if (l.neurons() != null) {
                sb.append("  units");
                l.neurons().forEach(n -> sb.append(String.format(Locale.ROOT, " %d(%+.3f)", n.index(), n.relevance())));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String params(Map<String, Object> p) {
        if (p.isEmpty()) {
            return "";
        }
        return p.entrySet().stream().map(en -> en.getKey() + "="
                        + (en.getValue() instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(en.getValue())))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Red background for relevance towards the target, blue against, stronger for larger magnitude. */
    private static String paint(String word, double r, double max) {
        if (max == 0 || r == 0) {
            return word;
        }
        int level = (int) Math.min(4, Math.round(4 * Math.abs(r) / max));
        if (level == 0) {
            return word;
        }
        int[] reds = {224, 217, 210, 203, 196};
        int[] blues = {189, 153, 117, 75, 33};
        int bg = r > 0 ? reds[level] : blues[level];
        return "\u001b[48;5;" + bg + "m\u001b[38;5;16m" + word + RESET;
    }

    /** Control characters would corrupt the terminal; show them escaped. */
    private static String clean(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String quote(String text) {
        return "\"" + clean(text) + "\"";
    }
}
