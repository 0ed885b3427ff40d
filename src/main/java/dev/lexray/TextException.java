package dev.lexray;

/** A text of a list that cannot be processed; {@link #index()} is its position in the list (0-based). */
public final class TextException extends LexrayException {
    private final int index;
    private final String reason;

    public TextException(int index, String reason, Throwable cause) {
        super("text " + (index + 1) + ": " + reason, cause);
        this.index = index;
        this.reason = reason;
    }

    public int index() {
        return index;
    }

    /** The message without the text's position. */
    public String reason() {
        return reason;
    }
}
