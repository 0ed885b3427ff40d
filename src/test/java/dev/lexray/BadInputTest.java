package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue through the public API: a 1 MB single text, long texts on transformers (windows), NUL and
 * control characters, lone surrogates and texts of only unknown characters on the reference BERT and RoBERTa
 * tokenizers, with exact offsets. (Empty texts, unknown words on word-level models, control characters and lone
 * surrogates in the word analyzers are in WordLevelEncoderTest, WordAnalyzerTest and CliTest; accents, ZWJ emoji,
 * RTL and CJK on the subword tokenizers in the transformer tests.)
 */
class BadInputTest {
    @TempDir
    static Path temp;

    static final String UNIT = "the good movie is not a bad film . ";

    private static String text(int bytes) {
        return UNIT.repeat(bytes / UNIT.length());
    }

    /** Words slice the text exactly, lie in order without overlap, hold their pieces, have finite relevances. */
    static void assertWordsExact(Explanation e) {
        String text = e.text();
        int previousEnd = 0;
        for (TokenRelevance w : e.tokens()) {
            assertThat(w.start()).isGreaterThanOrEqualTo(previousEnd).isLessThanOrEqualTo(w.end());
            assertThat(text.substring(w.start(), w.end())).isEqualTo(w.text());
            assertThat(Double.isFinite(w.relevance())).as("relevance of %s", w.text()).isTrue();
            if (w.pieces() != null) {
                for (TokenRelevance p : w.pieces()) {
                    assertThat(p.start()).isBetween(w.start(), w.end());
                    assertThat(p.end()).isBetween(p.start(), w.end());
                }
            }
            previousEnd = w.end();
        }
        for (double l : e.logits()) {
            assertThat(Double.isFinite(l)).isTrue();
        }
    }

    // ---- a 1 MB single text ----

    @Test
    void aOneMegabyteTextWorksOnAWordLevelModel() {
        // Correctness only: how its cost grows with length is measured by `lexray bench`, not asserted in a test.
        try (LexrayModel m = Lexray.load(TinyModels.bagMlp(temp.resolve("bag")))) {
            String big = text(1 << 20);
            Explanation e = m.explain(big);
            int words = big.length() / UNIT.length() * 8; // "." is a word of the whitespace analyzer too
            assertThat(e.tokens()).hasSize(words + big.length() / UNIT.length());
            assertWordsExact(e);
            // The explained score and what the words leave of it, against a forward pass of its own.
            double score = m.predict(big).logits()[e.target().index()];
            double tol = 1e-5 * Math.max(1, Math.abs(score));
            double sum = Arrays.stream(e.relevances()).sum();
            Conservation c = e.conservation();
            assertThat(c.targetScore()).isCloseTo(score, within(tol));
            assertThat(c.residual()).isCloseTo(score - sum - c.initialState(), within(tol));
        }
    }

    @Test
    void aOneMegabyteWordWithoutSpacesIsExplainedAsOneUnknownWord() {
        try (LexrayModel m = Lexray.load(TinyModels.bagMlp(temp.resolve("bag-word")))) {
            long t0 = System.nanoTime();
            String word = "good".repeat(1 << 18);
            Explanation e = m.explain(word); // Lucene cuts it into tokens of 255 characters, none of them known
            assertThat(e.tokens().stream().mapToInt(t -> t.text().length()).sum()).isEqualTo(word.length());
            assertThat(e.warnings()).containsExactly(LexrayModel.ALL_UNKNOWN);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
        }
    }

    @Test
    void longTextsOnTransformersAreExplainedInWindowsWithExactOffsets() {
        for (String dir : List.of("reference/bert-sst2-tiny", "reference/roberta-sst2-tiny")) {
            try (LexrayModel m = Lexray.load(SharedData.require(dir))) {
                String long8k = text(8 << 10);
                Explanation e = m.explain(long8k);
                assertThat(e.windows()).as(dir).isGreaterThan(25);
                assertThat(e.tokens()).hasSize(long8k.length() / UNIT.length() * 9);
                assertWordsExact(e);
                Prediction p = m.predict(text(64 << 10)); // 1 MB: about 10 s here (4,000 windows)
                for (double l : p.logits()) {
                    assertThat(Double.isFinite(l)).isTrue();
                }
            }
        }
    }

    // ---- NUL, control characters, lone surrogates, unknown characters on subword tokenizers ----

    static final String NUL_AND_BELL = "nul\u0000byte and bell\u0007ring";
    static final String LEADING_CONTROLS = "\u0000\u0001\u0002 fine";
    static final String LONE_SURROGATES = "a\uD800b c\uDC00 ok";
    /** Egyptian hieroglyphs (outside the BMP) and a Yi syllable: not in the tiny WordPiece vocabulary. */
    static final String UNKNOWN_ONLY = "\uD80C\uDC00\uD80C\uDC01 \uA000";
    static final String LINE_SEPARATORS = "good\u0085next\u2028line\u2029para";

    @Test
    void wordPieceOffsetsStayExactWithControlCharactersAndLoneSurrogates() {
        check("reference/bert-sst2-tiny", Map.of(
                NUL_AND_BELL, List.of("nul\u0000byte", "and", "bell\u0007ring"),
                LEADING_CONTROLS, List.of("fine"),
                // was [a\uD800b c] [ ]: a lone surrogate reached the tokenizer as three U+FFFD and shifted offsets
                LONE_SURROGATES, List.of("a\uD800b", "c", "ok"),
                UNKNOWN_ONLY, List.of("\uD80C\uDC00\uD80C\uDC01", "\uA000"),
                LINE_SEPARATORS, List.of("good\u0085next", "line", "para")));
        try (LexrayModel bert = Lexray.load(SharedData.require("reference/bert-sst2-tiny"))) {
            Explanation unknown = bert.explain(UNKNOWN_ONLY);
            assertThat(unknown.tokens()).allSatisfy(w -> assertThat(w.pieces()).extracting(TokenRelevance::text)
                    .containsOnly("[UNK]"));
            assertThat(unknown.warnings()).containsExactly(LexrayModel.ALL_UNKNOWN);
            assertThat(bert.explain(LEADING_CONTROLS).warnings()).isEmpty();
            // WordPiece drops control characters and U+FFFD: a text of only those has no token.
            for (String nothing : List.of("\uDC00", "\u0000\u0007", "\uFFFD")) {
                assertThatThrownBy(() -> bert.explain(nothing)).isExactlyInstanceOf(LexrayException.class)
                        .hasMessageContaining("found no token");
            }
            assertThatThrownBy(() -> bert.explain(" \t\n ")).isExactlyInstanceOf(LexrayException.class)
                    .hasMessageContaining("empty");
        }
    }

    @Test
    void byteLevelBpeOffsetsStayExactWithControlCharactersAndLoneSurrogates() {
        check("reference/roberta-sst2-tiny", Map.of(
                NUL_AND_BELL, List.of("nul", "\u0000", "byte", "and", "bell", "\u0007", "ring"),
                LEADING_CONTROLS, List.of("\u0000\u0001\u0002", "fine"),
                LONE_SURROGATES, List.of("a", "\uD800", "b", "c", "\uDC00", "ok"),
                UNKNOWN_ONLY, List.of("\uD80C\uDC00\uD80C\uDC01", "\uA000"),
                "\uDC00", List.of("\uDC00")));
    }

    private static void check(String dir, Map<String, List<String>> expected) {
        try (LexrayModel m = Lexray.load(SharedData.require(dir))) {
            List<String> texts = List.copyOf(expected.keySet());
            List<Explanation> batched = m.explain(texts);
            for (int i = 0; i < texts.size(); i++) {
                Explanation e = batched.get(i);
                assertWordsExact(e);
                assertThat(e.tokens()).extracting(TokenRelevance::text).as("%s: %s", dir, escape(texts.get(i)))
                        .containsExactlyElementsOf(expected.get(texts.get(i)));
                assertThat(m.explain(texts.get(i)).relevances()).containsExactly(e.relevances(), within(1e-4));
            }
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return b.toString();
    }
}
