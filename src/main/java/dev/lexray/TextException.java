package dev.lexray;

import dev.lexray.runtime.LexrayException;

/** A text of a list that cannot be processed; {@link #index()} is its position in the list (0-based). */
public final class TextException extends LexrayException {
    /** The text's 0-based position. */
    private final int index;
    /** The message without the position. */
    private final String reason;

    /**
     * @param index the text's 0-based position in the list or stream
     * @param reason what is wrong with the text
     * @param cause the underlying error
     */
    public TextException(int index, String reason, Throwable cause) {
        super("text " + (index + 1) + ": " + reason, cause);
        this.index = index;
        this.reason = reason;
    }

    /** The failing text's 0-based position in the list or stream. */
    public int index() {
        return index;
    }

    /** The message without the text's position. */
    public String reason() {
        return reason;
    }
}
