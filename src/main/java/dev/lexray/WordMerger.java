package dev.lexray;

import dev.lexray.text.EncodedText;
import dev.lexray.text.Span;
import dev.lexray.text.Token;
import dev.lexray.text.WordGroups;
import dev.lexray.text.WordGroups.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-token relevance into per-word relevance: a word's relevance is the sum of its tokens', over the words
 * {@link WordGroups} defines (the same words the baselines perturb and the evaluation deletes). Subword models
 * report each word's pieces, and the special tokens apart.
 */
final class WordMerger {
    /** The words and the special tokens, with the sums of their relevance. */
    record Merged(List<TokenRelevance> words, List<TokenRelevance> specials, double wordSum, double specialSum) {}

    private WordMerger() {}

    static Merged merge(EncodedText e, double[] relevance, boolean subword) {
        List<TokenRelevance> words = new ArrayList<>();
        double wordSum = 0;
        for (Word w : WordGroups.of(e, subword)) {
            int[] tokens = w.tokens();
            double sum = 0;
            List<TokenRelevance> pieces = subword ? new ArrayList<>(tokens.length) : null;
            for (int k = 0; k < tokens.length; k++) {
                sum += relevance[tokens[k]];
                if (subword) {
                    Span s = w.pieces().get(k);
                    pieces.add(new TokenRelevance(e.tokens().get(tokens[k]).term(), s.start(), s.end(),
                            relevance[tokens[k]]));
                }
            }
            words.add(new TokenRelevance(w.span().slice(e.text()), w.span().start(), w.span().end(), sum, pieces));
            wordSum += sum;
        }
        List<TokenRelevance> specials = new ArrayList<>();
        double specialSum = 0;
        boolean seenWord = false;
        for (int i = 0; subword && i < e.length(); i++) {
            if (!e.isSpecial(i)) {
                seenWord = true;
                continue;
            }
            // Special tokens sit at the text's start (before any word) or end.
            Token t = e.tokens().get(i);
            int at = seenWord ? e.text().length() : 0;
            specials.add(new TokenRelevance(t.term(), at, at, relevance[i]));
            specialSum += relevance[i];
        }
        return new Merged(words, specials, wordSum, specialSum);
    }
}
