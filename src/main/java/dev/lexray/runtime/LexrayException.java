package dev.lexray.runtime;

/**
 * A problem the user can fix: bad input text, a malformed model directory, an unknown label.
 * The message says what is wrong and what to do; the CLI prints it on one line and exits with code 2.
 */
public class LexrayException extends RuntimeException {
    /** An error with a message that says what is wrong and what to do. */
    public LexrayException(String message) {
        super(message);
    }

    /** An error with a message that says what is wrong and what to do, and its cause. */
    public LexrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
