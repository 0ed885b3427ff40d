package dev.lexray.text;

import java.util.List;

/**
 * A text ready for a model: its tokens (with spans into {@link #text()}) and the vocabulary id of each.
 * For word-level models every token is a word.
 */
public record EncodedText(String text, List<Token> tokens, int[] ids, int unknownCount) {
    public EncodedText {
        tokens = List.copyOf(tokens);
        ids = ids.clone();
        if (ids.length != tokens.size()) {
            throw new IllegalArgumentException("ids and tokens differ in length");
        }
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    public int length() {
        return ids.length;
    }

    public int id(int i) {
        return ids[i];
    }
}
