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
        for (int i = 0; i < e.length(); i++) {
            if (e.isSpecial(i)) {
                Token t = e.tokens().get(i);
                int at = seenWord ? e.text().length() : 0;
                specials.add(new TokenRelevance(t.term(), at, at, relevance[i]));
                specialSum += relevance[i];
            } else {
                seenWord = true;
            }
        }
        for (int[] group : groups(e, true)) {
            wordSum += emit(e, group, relevance, words);
        }
        return new Merged(words, specials, wordSum, specialSum);
    }

    /**
     * The token positions of each reported word, in order: {@code merge} reports one word per group. Word-level
     * models: one token each. Subword models: the pieces sharing a word id, characterless pieces joined to the next
     * word (trailing ones to the last word), special tokens left out.
     */
    static List<int[]> groups(EncodedText e, boolean subword) {
        List<int[]> out = new ArrayList<>();
        if (!subword) {
            for (int i = 0; i < e.length(); i++) {
                out.add(new int[] {i});
            }
            return out;
        }
        List<Integer> group = new ArrayList<>();
        List<Integer> pendingEmpty = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            if (e.isSpecial(i)) {
                continue;
            }
            boolean empty = e.tokens().get(i).span().start() == e.tokens().get(i).span().end();
            if (!group.isEmpty() && e.wordId(i) != e.wordId(group.get(0))) {
                if (hasCharacters(e, group)) {
                    out.add(toArray(group));
                } else {
                    pendingEmpty.addAll(group); // only empty pieces so far: they belong to what follows
                }
                group = new ArrayList<>();
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
            if (hasCharacters(e, rest) || out.isEmpty()) {
                out.add(toArray(rest));
            } else {
                // Trailing characterless pieces: fold them into the last word.
                int[] last = out.remove(out.size() - 1);
                List<Integer> joined = new ArrayList<>();
                for (int i : last) {
                    joined.add(i);
                }
                joined.addAll(rest);
                out.add(toArray(joined));
            }
        }
        return out;
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean hasCharacters(EncodedText e, List<Integer> group) {
        return group.stream().anyMatch(i -> e.tokens().get(i).span().end() > e.tokens().get(i).span().start());
    }

    private static double emit(EncodedText e, int[] group, double[] relevance, List<TokenRelevance> out) {
        int start = Integer.MAX_VALUE;
        int end = -1;
        double sum = 0;
        List<TokenRelevance> pieces = new ArrayList<>(group.length);
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
            start = end = e.tokens().get(group[0]).span().start();
        }
        out.add(new TokenRelevance(e.text().substring(start, end), start, end, sum, pieces));
        return sum;
    }
}
