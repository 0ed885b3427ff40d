package dev.lexray.attribution;

import dev.lexray.text.EncodedText;
import dev.lexray.text.WordGroups;
import java.util.stream.IntStream;

/**
 * Edits of an encoded text by word, a word given as its token positions ({@link WordGroups} defines which tokens
 * form a word).
 */
public final class Words {
    private Words() {}

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
        int[] keep = IntStream.range(0, e.length()).filter(i -> !marked[i]).toArray();
        if (keep.length == 0) {
            return replaced(e.select(new int[] {0}), new boolean[] {true}, 0);
        }
        return e.select(keep);
    }
}
