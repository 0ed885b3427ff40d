package dev.lexray;

/**
 * A problem the user can fix: bad input text, a malformed model directory, an unknown label.
 * The message says what is wrong and what to do; the CLI prints it on one line and exits with code 2.
 */
public class LexrayException extends RuntimeException {
    public LexrayException(String message) {
        super(message);
    }

    public LexrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
