package dev.lexray.report;

/**
 * One text of a report with its true label when known.
 *
 * @param text the text as read
 * @param label the true label as written in the input (a model label or a class index), or null when unknown
 * @param source where it came from, for error messages ("reviews.tsv line 12")
 * @param line its 1-based line in the input file, or 0 when it did not come from a line of a file
 * @param error why the line could not be read (under {@code --on-error skip|record}), or null for a good one
 */
public record LabeledText(String text, String label, String source, int line, String error) {
    public LabeledText {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
        if (label != null && label.isBlank()) {
            label = null;
        }
    }

    /** A text that was read well, from no particular line. */
    public LabeledText(String text, String label, String source) {
        this(text, label, source, 0, null);
    }

    /** A line that could not be read, kept so that it can be reported in its place. */
    public static LabeledText failed(String text, String source, int line, String error) {
        return new LabeledText(text, null, source, line, error);
    }

    public static LabeledText of(String text) {
        return new LabeledText(text, null, "");
    }

    public static LabeledText of(String text, String label) {
        return new LabeledText(text, label, "");
    }
}
