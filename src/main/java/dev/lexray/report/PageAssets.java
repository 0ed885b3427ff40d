package dev.lexray.report;

import java.nio.file.Path;

/**
 * The report's look for other pages that show relevance (the live page of {@code lexray serve}): its styles with
 * the colour scale's classes, the scale in JavaScript, and the model card summary, so that a word is coloured the
 * same everywhere and each of these has one owner (html-report/template and {@link ColorScale}).
 */
public final class PageAssets {
    private PageAssets() {}

    /** report.css followed by every step of the colour scale ({@code .w.p3{...}}, {@code .f-p3{...}}). */
    public static String css() {
        return HtmlReport.resource("report.css") + ColorScale.css();
    }

    /** scale.js: the global {@code LexrayScale} with {@code level(r, max)} and {@code cssClass(level)}. */
    public static String scaleScript() {
        return HtmlReport.resource("scale.js");
    }

    /** The CSS class of relevance {@code r} on a scale saturating at {@code max}: what scale.js gives too. */
    public static String cssClass(double r, double max) {
        return ColorScale.cssClass(ColorScale.level(r, max));
    }

    /** Steps per sign of the scale. */
    public static int levels() {
        return ColorScale.LEVELS;
    }

    /** The first paragraph of the directory's {@code MODEL_CARD.md} as plain text, or null when there is none. */
    public static String modelCardSummary(Path modelDirectory) {
        return ReportBuilder.modelCard(modelDirectory);
    }
}
