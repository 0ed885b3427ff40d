package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.TokenRelevance;
import dev.lexray.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Words and character offsets from the reference tokenizers, WordPiece (BERT: lowercasing, accent stripping,
 * punctuation and CJK splitting) and byte-level BPE (RoBERTa: GPT-2 pre-tokenization, one token per byte for
 * characters outside the vocabulary). For texts with accents (precomposed and combining), emoji (modifiers, ZWJ
 * sequences, surrogate pairs), CJK, right-to-left scripts, runs of spaces, other whitespace and {@code don't}:
 * the words are the expected ones, their start/end (UTF-16) slice the original text to exactly the word, never
 * through a surrogate pair or a character cluster, cover every non-space character once and in order; pieces lie
 * inside their word and sum to its relevance; special tokens are reported apart.
 */
class WordsAndOffsetsTest {
    static final String PRECOMPOSED = "Café naïve résumé";
    static final String COMBINING = "Cafe\u0301 nai\u0308ve";
    static final String EMOJI = "I love 👍🏽 and 👨\u200D👩\u200D👧 family 😀!";
    static final String CJK = "東京は big 中文";
    static final String RTL = "שלום world مرحبا";
    static final String SPACES = "double  spaces   here ";
    static final String DONT = "don't stop";
    static final String EDGES = "  leading and trailing  ";
    static final String WHITESPACE = "a\u00A0b\tc\nd";
    static final String ACCENT_PUNCT = "Cafe\u0301! I\u2764\uFE0Fyou";
    /** Devanagari: vowel signs and virama are marks, which byte-level BPE's letter runs stop at. */
    static final String HINDI = "नमस्ते दुनिया";
    /** A word ending in a ZWJ (BERT's clean-up drops it): the word keeps it, but not the space after it. */
    static final String TRAILING_ZWJ = "ok\u200D fine";

    static LexrayModel bert;
    static LexrayModel roberta;

    @BeforeAll
    static void load() {
        Path bertDir = SharedData.ifPresent("reference/bert-sst2-tiny");
        Path robertaDir = SharedData.ifPresent("reference/roberta-sst2-tiny");
        if (bertDir != null && robertaDir != null) {
            bert = Lexray.load(bertDir);
            roberta = Lexray.load(robertaDir);
        }
    }

    @BeforeEach // each test is reported as skipped without ../shared
    void needsReferenceModels() {
        SharedData.require("reference/bert-sst2-tiny");
        SharedData.require("reference/roberta-sst2-tiny");
    }

    @AfterAll
    static void close() {
        if (bert != null) {
            bert.close();
        }
        if (roberta != null) {
            roberta.close();
        }
    }

    @Test
    void wordPieceWords() {
        List<Map.Entry<String, List<String>>> expected = List.of(
                Map.entry(PRECOMPOSED, List.of("Café", "naïve", "résumé")),
                Map.entry(COMBINING, List.of("Cafe\u0301", "nai\u0308ve")),
                Map.entry(EMOJI, List.of("I", "love", "👍🏽", "and", "👨\u200D👩\u200D👧", "family", "😀", "!")),
                Map.entry(CJK, List.of("東", "京", "は", "big", "中", "文")),
                Map.entry(RTL, List.of("שלום", "world", "مرحبا")),
                Map.entry(SPACES, List.of("double", "spaces", "here")),
                Map.entry(DONT, List.of("don", "'", "t", "stop")),
                Map.entry(EDGES, List.of("leading", "and", "trailing")),
                Map.entry(WHITESPACE, List.of("a", "b", "c", "d")),
                Map.entry(ACCENT_PUNCT, List.of("Cafe\u0301", "!", "I\u2764\uFE0Fyou")),
                Map.entry(HINDI, List.of("नमस्ते", "दुनिया")),
                Map.entry(TRAILING_ZWJ, List.of("ok\u200D", "fine")));
        check(bert, expected, "[CLS]", "[SEP]");
    }

    @Test
    void byteLevelBpeWords() {
        List<Map.Entry<String, List<String>>> expected = List.of(
                Map.entry(PRECOMPOSED, List.of("Café", "naïve", "résumé")),
                Map.entry(COMBINING, List.of("Cafe\u0301", "nai\u0308ve")),
                Map.entry(EMOJI, List.of("I", "love", "👍🏽", "and", "👨\u200D👩\u200D👧", "family", "😀!")),
                Map.entry(CJK, List.of("東京は", "big", "中文")),
                Map.entry(RTL, List.of("שלום", "world", "مرحبا")),
                Map.entry(SPACES, List.of("double", "spaces", "here")),
                Map.entry(DONT, List.of("don", "'t", "stop")),
                Map.entry(EDGES, List.of("leading", "and", "trailing")),
                Map.entry(WHITESPACE, List.of("a", "b", "c", "d")),
                Map.entry(ACCENT_PUNCT, List.of("Cafe\u0301!", "I", "\u2764\uFE0F", "you")),
                Map.entry(HINDI, List.of("नमस्ते", "दुनिया")),
                Map.entry(TRAILING_ZWJ, List.of("ok\u200D", "fine")));
        check(roberta, expected, "<s>", "</s>");
    }

    private static void check(LexrayModel model, List<Map.Entry<String, List<String>>> cases, String first,
            String last) {
        List<String> texts = cases.stream().map(Map.Entry::getKey).toList();
        Map<String, List<String>> expected = Map.ofEntries(cases.toArray(Map.Entry[]::new));
        List<Explanation> batched = model.explain(texts);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Explanation e = batched.get(i);
            String what = model.name() + ": " + escape(text);
            assertThat(e.tokens().stream().map(TokenRelevance::text).toList()).as(what)
                    .containsExactlyElementsOf(expected.get(text));
            assertThat(e.specialTokens()).extracting(TokenRelevance::text).as(what).containsExactly(first, last);
            assertThat(e.specialTokens().get(0).start()).isZero();
            assertThat(e.specialTokens().get(1).start()).isEqualTo(text.length());
            assertThat(e.windows()).isNull();
            boolean[] covered = new boolean[text.length()];
            int previousEnd = 0;
            double total = 0;
            for (TokenRelevance w : e.tokens()) {
                String at = what + " word '" + escape(w.text()) + "' [" + w.start() + "," + w.end() + ")";
                assertThat(w.start()).as(at).isGreaterThanOrEqualTo(previousEnd).isLessThan(w.end());
                assertThat(text.substring(w.start(), w.end())).as(at).isEqualTo(w.text());
                assertThat(isSpace(text.charAt(w.start())) || isSpace(text.charAt(w.end() - 1))).as(at).isFalse();
                assertThat(splitsCluster(text, w.start()) || splitsCluster(text, w.end())).as(at).isFalse();
                for (int k = w.start(); k < w.end(); k++) {
                    covered[k] = true;
                }
                previousEnd = w.end();
                assertThat(w.pieces()).as(at).isNotEmpty();
                double pieces = 0;
                for (TokenRelevance p : w.pieces()) {
                    assertThat(p.start()).as("%s piece %s [%d,%d)", at, p.text(), p.start(), p.end())
                            .isBetween(w.start(), w.end());
                    assertThat(p.end()).as("%s piece %s [%d,%d)", at, p.text(), p.start(), p.end())
                            .isBetween(p.start(), w.end());
                    assertThat(Double.isFinite(p.relevance())).isTrue();
                    pieces += p.relevance();
                }
                assertThat(w.relevance()).as(at).isCloseTo(pieces, within(1e-12));
                total += w.relevance();
            }
            for (int k = 0; k < text.length(); k++) {
                assertThat(covered[k] || isSpace(text.charAt(k))).as("%s: character %d in a word", what, k).isTrue();
            }
            assertThat(e.conservation().sum()).isCloseTo(total, within(1e-9));
            // Batched or alone, the same words.
            Explanation alone = model.explain(text);
            assertThat(alone.tokens()).extracting(TokenRelevance::text).containsExactlyElementsOf(
                    expected.get(text));
            assertThat(alone.relevances()).containsExactly(e.relevances(), within(1e-4));
        }
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /**
     * True when a boundary at {@code index} cuts a surrogate pair or separates a character from a combining mark,
     * ZWJ, variation selector or emoji modifier that belongs to it.
     */
    static boolean splitsCluster(String text, int index) {
        if (index <= 0 || index >= text.length()) {
            return false;
        }
        if (Character.isLowSurrogate(text.charAt(index)) && Character.isHighSurrogate(text.charAt(index - 1))) {
            return true;
        }
        int cp = text.codePointAt(index);
        if (isSpace(text.charAt(index))) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) || text.codePointBefore(index) == 0x200D;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp >= 32 && cp < 127) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u{%x}", cp));
            }
        });
        return b.toString();
    }
}
