package dev.lexray.report;

import dev.lexray.corpus.LabelledText;

/**
 * A text of a report as it was read: the labelled text, where in the input it came from, and, under
 * {@code --on-error skip|record}, why its line could not be read.
 *
 * @param text the text (for a line that could not be read: the line as read, invalid UTF-8 shown as U+FFFD, with no
 *     label); its {@code id} says where it came from ("reviews.tsv line 12")
 * @param line its 1-based line in the input file, or 0 when it did not come from a line of a file
 * @param error why the line could not be read, or null for a good one
 */
public record InputText(LabelledText text, int line, String error) {
    public InputText {
        if (text == null) {
            throw new IllegalArgumentException("text is null");
        }
    }

    /** A text that was read well, from no particular line. */
    public static InputText of(LabelledText text) {
        return new InputText(text, 0, null);
    }

    /** A line that could not be read, kept so that it can be reported in its place. */
    public static InputText failed(String text, String where, int line, String error) {
        return new InputText(new LabelledText(where, text, null), line, error);
    }
}
