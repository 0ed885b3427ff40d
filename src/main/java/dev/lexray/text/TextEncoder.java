package dev.lexray.text;

/** Turns a raw text into token ids with character spans. Implementations are immutable and thread-safe. */
public interface TextEncoder {
    /**
     * Encodes a text.
     *
     * @throws dev.lexray.LexrayException when the text is empty, holds no token, or only unknown tokens
     */
    EncodedText encode(String text);

    /** Id used to pad batches. */
    int padId();
}
