package dev.lexray;

/**
 * One text's outcome where a bad text does not stop the others ({@link OnError#SKIP}, {@link OnError#RECORD}): its
 * result, or the reason it has none.
 *
 * @param <R> the result type ({@link Explanation} or {@link Prediction})
 */
public sealed interface TextOutcome<R> permits TextOutcome.Success, TextOutcome.Failure {
    /** The text's 0-based position in the list or stream. */
    long index();

    /**
     * A text that was processed.
     *
     * @param index the text's 0-based position
     * @param result its explanation or prediction
     */
    record Success<R>(long index, R result) implements TextOutcome<R> {}

    /**
     * A text that could not be processed.
     *
     * @param index the text's 0-based position
     * @param text the text, unchanged
     * @param error why it could not be processed (the message a {@link TextException} would give, without the
     *     position)
     */
    record Failure<R>(long index, String text, String error) implements TextOutcome<R> {}
}
