package dev.lexray.text;

import dev.lexray.runtime.LexrayException;
import java.util.List;

/** Word-level encoding: a {@link WordAnalyzer} followed by a {@link Vocabulary} lookup. */
public final class WordLevelEncoder implements TextEncoder {
    private final WordAnalyzer analyzer;
    private final Vocabulary vocabulary;
    private final int maxLength;

    /**
     * @param maxLength the most words a text may have, or 0 for no limit
     */
    public WordLevelEncoder(WordAnalyzer analyzer, Vocabulary vocabulary, int maxLength) {
        this.analyzer = analyzer;
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
    }

    @Override
    public EncodedText encode(String text) {
        if (text == null || text.isBlank()) {
            throw new LexrayException("the text is empty: give at least one word");
        }
        List<Token> tokens = analyzer.analyze(text);
        if (tokens.isEmpty()) {
            throw new LexrayException("the text has no words the " + analyzer.kind().name().toLowerCase()
                    + " analyzer keeps: " + preview(text));
        }
        if (maxLength > 0 && tokens.size() > maxLength) {
            throw new LexrayException("the text has " + tokens.size() + " words but the model takes at most "
                    + maxLength + " (max_length in config.json): split it");
        }
        int[] ids = new int[tokens.size()];
        int unknown = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.idOf(tokens.get(i).term());
            if (ids[i] == vocabulary.unkId()) {
                unknown++;
            }
        }
        // A text of unknown words only ("zzqxj", an emoji) is still a text the model scores from [UNK]: the
        // caller reports it with a warning rather than failing.
        return new EncodedText(text, tokens, ids, unknown);
    }

    @Override
    public int padId() {
        return vocabulary.padId();
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    static String preview(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return "\"" + (oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine) + "\"";
    }
}
