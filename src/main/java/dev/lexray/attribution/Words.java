package dev.lexray.attribution;

import dev.lexray.text.EncodedText;
import java.util.ArrayList;
import java.util.List;

/** Words of an encoded text as groups of token positions, and edits of the token sequence by word. */
final class Words {
    private Words() {}

    /** Token positions of each word, in order (consecutive non-special tokens sharing a word id). */
    static List<int[]> of(EncodedText e) {
        List<int[]> out = new ArrayList<>();
        List<Integer> cur = new ArrayList<>();
        int curWord = Integer.MIN_VALUE;
        for (int i = 0; i < e.length(); i++) {
            if (e.isSpecial(i)) {
                continue;
            }
            if (!cur.isEmpty() && e.wordId(i) != curWord) {
                out.add(cur.stream().mapToInt(Integer::intValue).toArray());
                cur = new ArrayList<>();
            }
            cur.add(i);
            curWord = e.wordId(i);
        }
        if (!cur.isEmpty()) {
            out.add(cur.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Adds {@code value} to the word's tokens, split evenly. */
    static void spread(double[] relevance, int[] word, double value) {
        for (int i : word) {
            relevance[i] += value / word.length;
        }
    }

    /** The text with the marked tokens' ids replaced by {@code id} (same length, same spans). */
    static EncodedText replaced(EncodedText e, boolean[] marked, int id) {
        int[] ids = e.ids();
        for (int i = 0; i < ids.length; i++) {
            if (marked[i]) {
                ids[i] = id;
            }
        }
        return new EncodedText(e.text(), e.tokens(), ids, e.typeIds(), e.special(), e.wordIds(), e.unknownCount());
    }

    /**
     * The text without the marked tokens. A word-level text that would become empty keeps one padding token, so
     * that the model still has an input (it then sees "nothing").
     */
    static EncodedText without(EncodedText e, boolean[] marked) {
        int[] keep = java.util.stream.IntStream.range(0, e.length()).filter(i -> !marked[i]).toArray();
        if (keep.length == 0) {
            return replaced(e.select(new int[] {0}), new boolean[] {true}, 0);
        }
        return e.select(keep);
    }
}
