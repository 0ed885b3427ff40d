package dev.lexray;

import dev.lexray.text.EncodedText;
import dev.lexray.text.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-token relevance into per-word relevance. Word-level models: one token is one word. Subword models:
 * pieces with the same tokenizer word id are summed into one word spanning from the first piece's start to the
 * last piece's end (the pieces kept under it); a piece with no characters of its own (RoBERTa's lone {@code Ġ}
 * for a run of spaces) joins the next word; special tokens are reported apart.
 */
final class WordMerger {
    record Merged(List<TokenRelevance> words, List<TokenRelevance> specials, double wordSum, double specialSum) {}

    private WordMerger() {}

    static Merged merge(EncodedText e, double[] relevance, boolean subword) {
        List<TokenRelevance> words = new ArrayList<>();
        List<TokenRelevance> specials = new ArrayList<>();
        double wordSum = 0;
        double specialSum = 0;
        if (!subword) {
            for (int i = 0; i < e.length(); i++) {
                Token t = e.tokens().get(i);
                words.add(new TokenRelevance(t.span().slice(e.text()), t.span().start(), t.span().end(),
                        relevance[i]));
                wordSum += relevance[i];
            }
            return new Merged(words, specials, wordSum, 0);
        }
        boolean seenWord = false;
        List<Integer> group = new ArrayList<>();
        List<Integer> pendingEmpty = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            if (e.isSpecial(i)) {
                Token t = e.tokens().get(i);
                int at = seenWord ? e.text().length() : 0;
                specials.add(new TokenRelevance(t.term(), at, at, relevance[i]));
                specialSum += relevance[i];
                continue;
            }
            seenWord = true;
            boolean empty = e.tokens().get(i).span().start() == e.tokens().get(i).span().end();
            if (!group.isEmpty() && e.wordId(i) != e.wordId(group.get(0))) {
                if (hasCharacters(e, group)) {
                    wordSum += emit(e, group, relevance, words);
                    group = new ArrayList<>();
                } else {
                    pendingEmpty.addAll(group); // only empty pieces so far: they belong to what follows
                    group = new ArrayList<>();
                }
            }
            if (group.isEmpty() && !pendingEmpty.isEmpty() && !empty) {
                group.addAll(pendingEmpty);
                pendingEmpty.clear();
            }
            group.add(i);
        }
        if (!group.isEmpty() || !pendingEmpty.isEmpty()) {
            List<Integer> rest = new ArrayList<>(pendingEmpty);
            rest.addAll(group);
            if (hasCharacters(e, rest) || words.isEmpty()) {
                wordSum += emit(e, rest, relevance, words);
            } else {
                // Trailing characterless pieces: fold them into the last word.
                TokenRelevance last = words.remove(words.size() - 1);
                List<TokenRelevance> pieces = new ArrayList<>(last.pieces());
                double add = 0;
                for (int i : rest) {
                    Token t = e.tokens().get(i);
                    pieces.add(new TokenRelevance(t.term(), t.span().start(), t.span().end(), relevance[i]));
                    add += relevance[i];
                }
                words.add(new TokenRelevance(last.text(), last.start(), last.end(), last.relevance() + add, pieces));
                wordSum += add;
            }
        }
        return new Merged(words, specials, wordSum, specialSum);
    }

    private static boolean hasCharacters(EncodedText e, List<Integer> group) {
        return group.stream().anyMatch(i -> e.tokens().get(i).span().end() > e.tokens().get(i).span().start());
    }

    private static double emit(EncodedText e, List<Integer> group, double[] relevance, List<TokenRelevance> out) {
        int start = Integer.MAX_VALUE;
        int end = -1;
        double sum = 0;
        List<TokenRelevance> pieces = new ArrayList<>(group.size());
        for (int i : group) {
            Token t = e.tokens().get(i);
            if (t.span().end() > t.span().start()) {
                start = Math.min(start, t.span().start());
                end = Math.max(end, t.span().end());
            }
            pieces.add(new TokenRelevance(t.term(), t.span().start(), t.span().end(), relevance[i]));
            sum += relevance[i];
        }
        if (end < 0) {
            start = end = e.tokens().get(group.get(0)).span().start();
        }
        out.add(new TokenRelevance(e.text().substring(start, end), start, end, sum, pieces));
        return sum;
    }
}
