package dev.lexray.attribution;

import dev.lexray.text.EncodedText;
import dev.lexray.text.Token;
import java.util.ArrayList;
import java.util.List;

/** Words of an encoded text as groups of token positions, and edits of the token sequence by word. */
public final class Words {
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
    public static EncodedText replaced(EncodedText e, boolean[] marked, int id) {
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
    public static EncodedText without(EncodedText e, boolean[] marked) {
        List<Token> tokens = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            if (!marked[i]) {
                keep.add(i);
                tokens.add(e.tokens().get(i));
            }
        }
        if (keep.isEmpty()) {
            return replaced(new EncodedText(e.text(), List.of(e.tokens().get(0)), new int[] {e.id(0)},
                    new int[] {e.typeId(0)}, new boolean[] {false}, new int[] {0}, 0), new boolean[] {true}, 0);
        }
        int n = keep.size();
        int[] ids = new int[n];
        int[] types = new int[n];
        boolean[] special = new boolean[n];
        int[] words = new int[n];
        for (int j = 0; j < n; j++) {
            int i = keep.get(j);
            ids[j] = e.id(i);
            types[j] = e.typeId(i);
            special[j] = e.isSpecial(i);
            words[j] = e.wordId(i);
        }
        return new EncodedText(e.text(), tokens, ids, types, special, words, 0);
    }
}
