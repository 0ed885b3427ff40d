package dev.lexray.report;

/**
 * One text of a report with its true label when known.
 *
 * @param text the text as read
 * @param label the true label as written in the input (a model label or a class index), or null when unknown
 * @param source where it came from, for error messages ("reviews.tsv line 12")
 */
public record LabeledText(String text, String label, String source) {
    public LabeledText {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
        if (label != null && label.isBlank()) {
            label = null;
        }
    }

    public static LabeledText of(String text) {
        return new LabeledText(text, null, "");
    }

    public static LabeledText of(String text, String label) {
        return new LabeledText(text, label, "");
    }
}
