package dev.lexray.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.lexray.LexrayException;
import dev.lexray.model.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Subword encoding with a HuggingFace {@code tokenizer.json} through DJL's tokenizer, loaded from the model
 * directory only (never a hub). Truncation is off: windows longer than the model's are split by the caller, so
 * nothing is dropped silently. Character spans come from the tokenizer's offsets (UTF-16 indices).
 */
public final class SubwordEncoder implements TextEncoder, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int padId;
    private final int unkId;
    private final Path file;

    public SubwordEncoder(Path tokenizerJson, int padId, int unkId) {
        this.file = tokenizerJson;
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new LexrayException("tokenizer.json not found in " + tokenizerJson.getParent()
                    + " (save the tokenizer with tokenizer.save_pretrained(dir))");
        }
        TorchRuntime.engine(); // sets the offline switches before the tokenizers library starts
        try {
            this.tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .optMaxLength(1 << 20)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new LexrayException(tokenizerJson + " is not a tokenizer file DJL's HuggingFace tokenizer can read: "
                    + e.getMessage(), e);
        }
        this.padId = padId;
        this.unkId = unkId;
    }

    @Override
    public EncodedText encode(String text) {
        if (text == null || text.isBlank()) {
            throw new LexrayException("the text is empty: give at least one word");
        }
        // DJL hands the text to the Rust tokenizer as UTF-8, which cannot hold a lone surrogate: it arrives as
        // three U+FFFD and every offset after it is shifted. U+FFFD is one UTF-16 unit and one code point, as the
        // lone surrogate is, so replacing it first keeps the offsets of the original text exact.
        Encoding enc = tokenizer.encode(withoutLoneSurrogates(text), true, false);
        long[] ids = enc.getIds();
        long[] types = enc.getTypeIds();
        long[] specialMask = enc.getSpecialTokenMask();
        long[] words = enc.getWordIds();
        CharSpan[] spans = enc.getCharTokenSpans();
        String[] pieces = enc.getTokens();
        int n = ids.length;
        List<Token> tokens = new ArrayList<>(n);
        int[] idArr = new int[n];
        int[] typeArr = new int[n];
        boolean[] special = new boolean[n];
        int[] wordArr = new int[n];
        int[] utf16 = codePointToUtf16(text);
        int unknown = 0;
        int real = 0;
        for (int i = 0; i < n; i++) {
            idArr[i] = Math.toIntExact(ids[i]);
            typeArr[i] = (int) types[i];
            special[i] = specialMask[i] != 0;
            CharSpan s = spans[i];
            Span span = s == null || special[i] ? new Span(0, 0)
                    : trimSpaces(text, toUtf16(utf16, s.getStart(), s.getEnd()));
            tokens.add(new Token(pieces[i], span));
            wordArr[i] = special[i] ? -1 : (int) words[i];
            if (!special[i]) {
                real++;
                if (idArr[i] == unkId) {
                    unknown++;
                }
            }
        }
        if (real == 0) {
            throw new LexrayException("the tokenizer found no token in the text (it drops control characters and"
                    + " U+FFFD): " + WordLevelEncoder.preview(text));
        }
        return new EncodedText(text, tokens, idArr, typeArr, special, wordArr, unknown);
    }

    /** The text with each unpaired surrogate replaced by U+FFFD (the same text when there is none). */
    static String withoutLoneSurrogates(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = '\uFFFD';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /**
     * DJL reports offsets in code points (the tokenizer's chars); Java strings index UTF-16 units, which differ
     * after any character outside the Basic Multilingual Plane (emoji, some CJK).
     */
    static int[] codePointToUtf16(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            map[cp++] = i;
        }
        map[cp] = text.length();
        return map;
    }

    /**
     * The span without the spaces at its ends, as HF's ByteLevel {@code trim_offsets} does: GPT-2-style tokenizers
     * (decoders) keep the space of {@code Ġfilm} in the offsets, RoBERTa's processor trims it; words are the same
     * either way. A piece of spaces only becomes the empty span at its end, as in HF.
     */
    static Span trimSpaces(String text, Span span) {
        int start = span.start();
        int end = span.end();
        if (start >= end || (text.charAt(start) != ' ' && text.charAt(end - 1) != ' ')) {
            return span;
        }
        int s = start;
        while (s < end && text.charAt(s) == ' ') {
            s++;
        }
        if (s == end) {
            return new Span(end, end);
        }
        int e = end;
        while (e > s && text.charAt(e - 1) == ' ') {
            e--;
        }
        return new Span(s, e);
    }

    private static Span toUtf16(int[] map, int start, int end) {
        int last = map.length - 1;
        int s = map[Math.max(0, Math.min(last, start))];
        int e = map[Math.max(0, Math.min(last, end))];
        return new Span(s, Math.max(s, e));
    }

    @Override
    public int padId() {
        return padId;
    }

    /** The tokenizer's unknown-token id, or -1 when it has none. */
    public int unknownId() {
        return unkId;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
