package dev.lexray;

import dev.lexray.text.EncodedText;
import dev.lexray.text.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-token relevance into per-word relevance. Word-level models: one token is one word. Subword models:
 * pieces with the same tokenizer word id are summed into one word spanning from the first piece's start to the
 * last piece's end (the pieces kept under it); a piece with no characters of its own (RoBERTa's lone {@code Ġ}
 * for a run of spaces, or a piece holding only whitespace) joins the next word, its span moved to the word's edge so
 * that every piece lies inside its word; special tokens are reported apart. A word never ends inside a character
 * cluster: a combining mark (or ZWJ, variation selector, emoji modifier) is kept with the word before it, and a
 * letter run that the tokenizer split at such a mark (byte-level BPE splits {@code nai\u0308ve}) is joined again.
 */
final class WordMerger {
    /** The words, the special tokens, and the token positions each word was summed from ({@code groups}). */
    record Merged(List<TokenRelevance> words, List<TokenRelevance> specials, double wordSum, double specialSum,
            List<int[]> groups) {}

    /**
     * The token positions of each reported word, in order, exactly as {@link #merge} groups them (special tokens
     * left out): evaluations remove a word by removing these tokens.
     */
    static List<int[]> groups(EncodedText e, boolean subword) {
        return merge(e, new double[e.length()], subword).groups();
    }

    private WordMerger() {}

    static Merged merge(EncodedText e, double[] relevance, boolean subword) {
        List<TokenRelevance> words = new ArrayList<>();
        List<List<Integer>> idx = new ArrayList<>();
        List<TokenRelevance> specials = new ArrayList<>();
        double wordSum = 0;
        double specialSum = 0;
        if (!subword) {
            for (int i = 0; i < e.length(); i++) {
                Token t = e.tokens().get(i);
                words.add(new TokenRelevance(t.span().slice(e.text()), t.span().start(), t.span().end(),
                        relevance[i]));
                idx.add(List.of(i));
                wordSum += relevance[i];
            }
            return new Merged(words, specials, wordSum, 0, arrays(idx));
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
            boolean empty = !hasCharacters(e, List.of(i));
            // The last piece, not the first: the group may start with characterless pieces of an earlier word id.
            if (!group.isEmpty() && e.wordId(i) != e.wordId(group.get(group.size() - 1))) {
                if (hasCharacters(e, group)) {
                    wordSum += emit(e, group, relevance, words, idx);
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
                wordSum += emit(e, rest, relevance, words, idx);
            } else {
                // Trailing characterless pieces: fold them into the last word.
                TokenRelevance last = words.remove(words.size() - 1);
                List<TokenRelevance> pieces = new ArrayList<>(last.pieces());
                double add = 0;
                for (int i : rest) {
                    Token t = e.tokens().get(i);
                    pieces.add(new TokenRelevance(t.term(), last.end(), last.end(), relevance[i]));
                    add += relevance[i];
                }
                words.add(new TokenRelevance(last.text(), last.start(), last.end(), last.relevance() + add, pieces));
                List<Integer> joined = new ArrayList<>(idx.remove(idx.size() - 1));
                joined.addAll(rest);
                idx.add(joined);
                wordSum += add;
            }
        }
        List<TokenRelevance> joinedWords = joinClusters(e.text(), words, idx);
        return new Merged(joinedWords, specials, wordSum, specialSum, arrays(idx));
    }

    private static List<int[]> arrays(List<List<Integer>> idx) {
        return idx.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** True when some piece of the group covers a character that is not whitespace. */
    private static boolean hasCharacters(EncodedText e, List<Integer> group) {
        return group.stream().anyMatch(i -> hasCharacters(e.text(), e.tokens().get(i)));
    }

    private static boolean hasCharacters(String text, Token t) {
        for (int k = t.span().start(); k < t.span().end(); k++) {
            char c = text.charAt(k);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Extends each word over cluster-continuing characters the tokenizer dropped (BERT strips accents), then joins
     * adjacent words split inside a cluster, or split around a mark inside a run of letters.
     */
    private static List<TokenRelevance> joinClusters(String text, List<TokenRelevance> words,
            List<List<Integer>> idx) {
        List<TokenRelevance> out = new ArrayList<>(words.size());
        List<List<Integer>> outIdx = new ArrayList<>(words.size());
        for (int k = 0; k < words.size(); k++) {
            TokenRelevance w = words.get(k);
            int limit = k + 1 < words.size() ? words.get(k + 1).start() : text.length();
            int end = w.end();
            while (end < limit && continuesCluster(text, end)) {
                end += Character.charCount(text.codePointAt(end));
            }
            if (!out.isEmpty()) {
                TokenRelevance prev = out.get(out.size() - 1);
                boolean adjacent = prev.end() == w.start() && prev.end() > prev.start();
                boolean markThenLetter = adjacent && w.start() < text.length()
                        && Character.isLetter(text.codePointAt(w.start())) && letterThenMarks(text, prev.start(),
                                w.start());
                if (adjacent && (continuesCluster(text, w.start()) || markThenLetter)) {
                    List<TokenRelevance> pieces = new ArrayList<>(prev.pieces());
                    pieces.addAll(w.pieces());
                    out.set(out.size() - 1, new TokenRelevance(text.substring(prev.start(), end), prev.start(), end,
                            prev.relevance() + w.relevance(), pieces));
                    List<Integer> both = new ArrayList<>(outIdx.get(outIdx.size() - 1));
                    both.addAll(idx.get(k));
                    outIdx.set(outIdx.size() - 1, both);
                    continue;
                }
            }
            out.add(end == w.end() ? w
                    : new TokenRelevance(text.substring(w.start(), end), w.start(), end, w.relevance(), w.pieces()));
            outIdx.add(idx.get(k));
        }
        idx.clear();
        idx.addAll(outIdx);
        return out;
    }

    /** Whether the code point at {@code index} belongs to the same user-perceived character as the one before. */
    private static boolean continuesCluster(String text, int index) {
        if (index <= 0 || index >= text.length()) {
            return false;
        }
        int cp = text.codePointAt(index);
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        return isMark(cp) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F) || text.codePointBefore(index) == 0x200D;
    }

    /** Whether {@code text[from, to)} ends in one or more marks on a letter. */
    private static boolean letterThenMarks(String text, int from, int to) {
        int k = to;
        while (k > from && isMark(text.codePointBefore(k))) {
            k -= Character.charCount(text.codePointBefore(k));
        }
        return k < to && k > from && Character.isLetter(text.codePointBefore(k));
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    private static double emit(EncodedText e, List<Integer> group, double[] relevance, List<TokenRelevance> out,
            List<List<Integer>> idx) {
        idx.add(List.copyOf(group));
        int start = Integer.MAX_VALUE;
        int end = -1;
        double sum = 0;
        List<TokenRelevance> pieces = new ArrayList<>(group.size());
        for (int i : group) {
            Token t = e.tokens().get(i);
            if (hasCharacters(e.text(), t)) {
                start = Math.min(start, t.span().start());
                end = Math.max(end, t.span().end());
            }
            sum += relevance[i];
        }
        if (end < 0) { // only whitespace (a text of it): the pieces' extent
            start = group.stream().mapToInt(i -> e.tokens().get(i).span().start()).min().orElseThrow();
            end = group.stream().mapToInt(i -> e.tokens().get(i).span().end()).max().orElseThrow();
        }
        for (int i : group) {
            Token t = e.tokens().get(i);
            // Characterless pieces (a lone space, a newline) sit at the word's edge, inside it.
            int ps = Math.min(Math.max(t.span().start(), start), end);
            int pe = Math.min(Math.max(t.span().end(), ps), end);
            pieces.add(new TokenRelevance(t.term(), ps, pe, relevance[i]));
        }
        out.add(new TokenRelevance(e.text().substring(start, end), start, end, sum, pieces));
        return sum;
    }
}
