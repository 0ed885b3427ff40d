package dev.lexray.corpus;

import dev.lexray.text.Span;
import java.util.List;

/**
 * A human rationale: the parts of a text that justify its label.
 *
 * @param spans       the marked parts as character spans (UTF-16, half-open) into the text, sorted, not overlapping
 * @param tokenScores for corpora with several annotators per token (HateXplain), every token's span with the
 *                    fraction of annotators who marked it; empty otherwise
 */
public record Rationale(List<Span> spans, List<TokenScore> tokenScores) {
    public Rationale {
        spans = List.copyOf(spans);
        tokenScores = List.copyOf(tokenScores);
    }

    public Rationale(List<Span> spans) {
        this(spans, List.of());
    }

    /** The marked text of each span. */
    public List<String> slices(String text) {
        return spans.stream().map(s -> s.slice(text)).toList();
    }

    /** A token's span and the share (0 to 1) of annotators who marked it. */
    public record TokenScore(Span span, double score) {}
}
