package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One word of the original text: its characters {@code text.substring(start, end)} (UTF-16 indices, as Java and
 * JavaScript count them) and its relevance for the explained score. For subword models {@code pieces} lists the
 * word pieces it was summed from (null for word-level models).
 *
 * @param text the word (or piece) as it appears in the text
 * @param start its first UTF-16 index in the text
 * @param end one past its last UTF-16 index
 * @param relevance its relevance for the explained score: positive for, negative against
 * @param pieces subword models only: the tokenizer's pieces of this word; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRelevance(String text, int start, int end, double relevance, List<TokenRelevance> pieces) {
    /** Copies the pieces. */
    public TokenRelevance {
        pieces = pieces == null ? null : List.copyOf(pieces);
    }

    /** A word without pieces (word-level models). */
    public TokenRelevance(String text, int start, int end, double relevance) {
        this(text, start, end, relevance, null);
    }
}
