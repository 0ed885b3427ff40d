package dev.lexray.text;

import dev.lexray.runtime.LexrayException;

/** Turns a raw text into token ids with character spans. Implementations are immutable and thread-safe. */
public interface TextEncoder {
    /**
     * Encodes a text.
     *
     * @throws LexrayException when the text is empty or holds no token (a text of unknown tokens only is encoded, as [UNK])
     */
    EncodedText encode(String text);

    /** Id used to pad batches. */
    int padId();
}
