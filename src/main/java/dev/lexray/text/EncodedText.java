package dev.lexray.text;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A text ready for a model: its tokens (with spans into {@link #text()}) and the vocabulary id of each. For
 * word-level models every token is a word. For subword models tokens are word pieces: {@code special[i]} marks
 * tokens the tokenizer added ({@code [CLS]}, {@code </s>}, ...), {@code typeIds} are the segment ids and
 * {@code wordIds[i]} numbers the word a piece belongs to (-1 for special tokens).
 */
public record EncodedText(String text, List<Token> tokens, int[] ids, int[] typeIds, boolean[] special,
        int[] wordIds, int unknownCount) {
    public EncodedText {
        tokens = List.copyOf(tokens);
        ids = ids.clone();
        typeIds = typeIds.clone();
        special = special.clone();
        wordIds = wordIds.clone();
        int n = ids.length;
        if (tokens.size() != n || typeIds.length != n || special.length != n || wordIds.length != n) {
            throw new IllegalArgumentException("ids, tokens, type ids, special marks and word ids differ in length");
        }
    }

    /** A word-level encoding: one token per word, no special tokens. */
    public EncodedText(String text, List<Token> tokens, int[] ids, int unknownCount) {
        this(text, tokens, ids, new int[ids.length], new boolean[ids.length],
                IntStream.range(0, ids.length).toArray(), unknownCount);
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] typeIds() {
        return typeIds.clone();
    }

    @Override
    public boolean[] special() {
        return special.clone();
    }

    @Override
    public int[] wordIds() {
        return wordIds.clone();
    }

    /** The tokens at the given positions, in that order (a window, a truncation, a text with words removed). */
    public EncodedText select(int[] positions) {
        int n = positions.length;
        List<Token> t = new ArrayList<>(n);
        int[] i2 = new int[n];
        int[] ty = new int[n];
        boolean[] sp = new boolean[n];
        int[] w = new int[n];
        for (int j = 0; j < n; j++) {
            int i = positions[j];
            t.add(tokens.get(i));
            i2[j] = ids[i];
            ty[j] = typeIds[i];
            sp[j] = special[i];
            w[j] = wordIds[i];
        }
        return new EncodedText(text, t, i2, ty, sp, w, 0);
    }

    public int length() {
        return ids.length;
    }

    public int id(int i) {
        return ids[i];
    }

    public int typeId(int i) {
        return typeIds[i];
    }

    public boolean isSpecial(int i) {
        return special[i];
    }

    public int wordId(int i) {
        return wordIds[i];
    }
}
