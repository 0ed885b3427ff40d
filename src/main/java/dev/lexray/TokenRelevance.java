package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One word of the original text: its characters {@code text.substring(start, end)} (UTF-16 indices, as Java and
 * JavaScript count them) and its relevance for the explained score. For subword models {@code pieces} lists the
 * word pieces it was summed from (null for word-level models).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRelevance(String text, int start, int end, double relevance, List<TokenRelevance> pieces) {
    public TokenRelevance {
        pieces = pieces == null ? null : List.copyOf(pieces);
    }

    public TokenRelevance(String text, int start, int end, double relevance) {
        this(text, start, end, relevance, null);
    }
}
