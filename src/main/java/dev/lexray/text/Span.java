package dev.lexray.text;

/** A half-open range {@code [start, end)} of UTF-16 code units in the original text (Java and JavaScript string indices). */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** The characters of {@code text} this span covers. */
    public String slice(String text) {
        return text.substring(start, end);
    }
}
