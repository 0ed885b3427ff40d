package dev.lexray.report;

import java.util.Locale;

/**
 * The diverging colour scale of relevance: ColorBrewer's RdBu (colour-blind safe), red towards the explained
 * class, blue against it, white for nothing. Relevance is cut into {@link #LEVELS} steps per sign; each step is a
 * CSS class ({@code p1..p10}, {@code n1..n10}, {@code z}) so that the page needs no inline style (a strict CSP)
 * and the script can recolour by switching classes. report.js computes the same levels.
 */
final class ColorScale {
    static final int LEVELS = 10;
    /** RdBu from neutral to strongest, towards the class. */
    private static final int[] RED = {0xffffff, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b};
    /** RdBu from neutral to strongest, against the class. */
    private static final int[] BLUE = {0xffffff, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac};

    private ColorScale() {}

    /** The signed step of {@code r} on a scale saturating at {@code max}: -LEVELS..LEVELS. */
    static int level(double r, double max) {
        if (!(max > 0) || !Double.isFinite(r) || r == 0) {
            return 0;
        }
        int l = (int) Math.round(Math.min(1, Math.abs(r) / max) * LEVELS);
        return r > 0 ? l : -l;
    }

    static String cssClass(int level) {
        return level == 0 ? "z" : (level > 0 ? "p" + level : "n" + (-level));
    }

    /** The background of a step, as #rrggbb. */
    static String background(int level) {
        return hex(rgb(level));
    }

    /** Dark text on light steps, white on dark ones (WCAG contrast). */
    static String foreground(int level) {
        int c = rgb(level);
        double l = 0.2126 * lin(c >> 16) + 0.7152 * lin(c >> 8) + 0.0722 * lin(c);
        double onWhite = 1.05 / (l + 0.05);
        double onDark = (l + 0.05) / (0.0137 + 0.05); // against #1b1f24
        return onWhite > onDark ? "#ffffff" : "#1b1f24";
    }

    /** The CSS rules of every step: {@code .w.p3{background:...;color:...}} and the SVG fills. */
    static String css() {
        StringBuilder sb = new StringBuilder();
        for (int l = -LEVELS; l <= LEVELS; l++) {
            String c = cssClass(l);
            sb.append(".").append(c).append("{background:").append(background(l)).append(";color:")
                    .append(foreground(l)).append("}");
            sb.append(".f-").append(c).append("{fill:").append(background(l)).append("}\n");
        }
        return sb.toString();
    }

    private static int rgb(int level) {
        int[] stops = level >= 0 ? RED : BLUE;
        double t = Math.min(1, Math.abs(level) / (double) LEVELS) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(t));
        double f = t - i;
        int a = stops[i];
        int b = stops[i + 1];
        int r = mix(a >> 16, b >> 16, f);
        int g = mix(a >> 8, b >> 8, f);
        int bl = mix(a, b, f);
        return (r << 16) | (g << 8) | bl;
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }

    private static double lin(int channel) {
        double c = (channel & 0xff) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xffffff);
    }
}
