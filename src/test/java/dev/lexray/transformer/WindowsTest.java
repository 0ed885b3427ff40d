package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Texts longer than the model's window (16 tokens on the tiny models: 14 pieces between the special tokens) are
 * explained in overlapping windows of 14 pieces, 7 apart. Built from one-piece words, each window is exactly the
 * encoding of its words as a text of their own, so the windows' logits and relevances can be computed
 * independently: the text's logits are the mean of its windows' logits, a word's relevance the mean over the windows
 * that hold it, a special token's the mean over all windows. Every word appears once, in order.
 */
class WindowsTest {
    static final int PIECES_PER_WINDOW = 14;
    static final int STRIDE = 7;

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void longTextsAreTheMeanOfTheirWindows(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        List<String> words = randomWords(40, family.ordinal());
        String text = String.join(" ", words);
        try (LexrayModel model = Lexray.load(dir)) {
            for (AttentionRule rule : AttentionRule.values()) {
                ExplainOptions o = ExplainOptions.defaults().withAttention(rule).withPrecision(Precision.FLOAT64)
                        .withTarget(new Target.Index(1));
                Explanation e = model.explain(text, o);
                // 40 pieces: windows [0,14) [7,21) [14,28) [21,35) [28,40)
                List<int[]> ranges = new ArrayList<>();
                for (int s = 0; ; s += STRIDE) {
                    int end = Math.min(words.size(), s + PIECES_PER_WINDOW);
                    ranges.add(new int[] {s, end});
                    if (end == words.size()) {
                        break;
                    }
                }
                assertThat(e.windows()).isEqualTo(ranges.size()).isEqualTo(5);
                assertThat(e.tokens()).extracting(TokenRelevance::text).containsExactlyElementsOf(words);
                assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).isTrue();

                List<String> windowTexts = ranges.stream()
                        .map(r -> String.join(" ", words.subList(r[0], r[1]))).toList();
                List<Explanation> alone = model.explain(windowTexts, o);
                double[] meanLogits = new double[3];
                double[] wordSum = new double[words.size()];
                int[] wordCount = new int[words.size()];
                double[] specials = new double[2];
                for (int w = 0; w < ranges.size(); w++) {
                    Explanation we = alone.get(w);
                    assertThat(we.windows()).isNull();
                    for (int c = 0; c < 3; c++) {
                        meanLogits[c] += we.logits()[c] / ranges.size();
                    }
                    for (int k = 0; k < we.tokens().size(); k++) {
                        wordSum[ranges.get(w)[0] + k] += we.tokens().get(k).relevance();
                        wordCount[ranges.get(w)[0] + k]++;
                    }
                    specials[0] += we.specialTokens().get(0).relevance() / ranges.size();
                    specials[1] += we.specialTokens().get(1).relevance() / ranges.size();
                }
                assertThat(e.logits()).containsExactly(meanLogits, within(1e-9));
                double[] expected = new double[words.size()];
                for (int k = 0; k < words.size(); k++) {
                    expected[k] = wordSum[k] / wordCount[k];
                }
                double scale = Flatten.maxAbs(expected);
                assertThat(e.relevances()).as("%s %s", family, rule).containsExactly(expected, within(1e-9 * scale));
                assertThat(e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).toArray())
                        .containsExactly(specials, within(1e-9 * scale));
                double score = Arrays.stream(alone.stream().mapToDouble(x -> x.conservation().targetScore())
                        .toArray()).average().orElseThrow();
                assertThat(e.conservation().targetScore()).isCloseTo(score, within(1e-9));
                TransformerConservationTest.checkBookkeeping(e);
            }
            // predict() averages the same windows (in float32).
            Prediction p = model.predict(text);
            Explanation e32 = model.explain(text);
            assertThat(p.logits()).containsExactly(e32.logits(), within(1e-6));
            assertThat(e32.predicted()).isEqualTo(p.predicted());
            assertThat(e32.target().index()).isEqualTo(p.predicted().index());
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void windowBoundariesAndMixedBatches(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        try (LexrayModel model = Lexray.load(dir)) {
            String fits = String.join(" ", randomWords(PIECES_PER_WINDOW, 11)); // 16 tokens: exactly the window
            String oneOver = String.join(" ", randomWords(PIECES_PER_WINDOW + 1, 12));
            // Words of several pieces, so windows cut through words: "films" is film ##s.
            String pieces = "the films were lovely but boringly fun and the acting was unable , i don't love"
                    + " the plots but the stories are good";
            List<String> texts = List.of(fits, oneOver, pieces, "a good film");
            List<Explanation> batched = model.explain(texts);
            assertThat(batched.get(0).windows()).isNull();
            assertThat(batched.get(1).windows()).isEqualTo(2);
            assertThat(batched.get(2).windows()).isGreaterThan(1);
            assertThat(batched.get(3).windows()).isNull();
            assertThat(batched.get(2).tokens()).extracting(TokenRelevance::text)
                    .containsExactly(pieces.replace("don't", "don ' t").split(" "));
            // Windows of one text split over several batches: the same result.
            List<Explanation> small = model.explain(texts, ExplainOptions.defaults().withBatchSize(2));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(small.get(i).logits()).containsExactly(batched.get(i).logits(), within(1e-5));
                assertThat(small.get(i).target()).isEqualTo(batched.get(i).target());
                assertThat(small.get(i).relevances()).containsExactly(batched.get(i).relevances(),
                        within(1e-4 * Flatten.maxAbs(batched.get(i).relevances())));
            }
            List<Prediction> predictions = model.predict(texts);
            for (int i = 0; i < texts.size(); i++) {
                Explanation alone = model.explain(texts.get(i));
                assertThat(alone.windows()).isEqualTo(batched.get(i).windows());
                assertThat(alone.logits()).containsExactly(batched.get(i).logits(), within(1e-5));
                assertThat(alone.relevances()).containsExactly(batched.get(i).relevances(),
                        within(1e-4 * Flatten.maxAbs(alone.relevances())));
                assertThat(predictions.get(i).logits()).containsExactly(alone.logits(), within(1e-5));
                assertThat(Arrays.stream(alone.relevances()).allMatch(Double::isFinite)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void tokenizerConfigCanShortenTheWindow(Family family) throws java.io.IOException {
        Path dir = TinyTransformers.write(tmp.resolve("short-" + family), family);
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 10}");
        String text = String.join(" ", randomWords(9, 5)); // 11 tokens: over 10
        try (LexrayModel model = Lexray.load(dir)) {
            Explanation e = model.explain(text);
            assertThat(e.windows()).isEqualTo(2); // 8 pieces a window: [0,8) [4,9)
            assertThat(e.tokens()).extracting(TokenRelevance::text).containsExactly(text.split(" "));
            assertThat(model.explain(String.join(" ", randomWords(8, 5))).windows()).isNull();
        }
    }

    /** One-piece words of the tiny vocabulary, chosen at random. */
    static List<String> randomWords(int n, long seed) {
        Random r = new Random(seed);
        List<String> vocabulary = TinyTransformers.WORDS.stream().filter(w -> w.chars().allMatch(Character::isLetter))
                .filter(w -> !w.equals("don") && !w.equals("t") && !w.equals("s") && !w.equals("un")).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(vocabulary.get(r.nextInt(vocabulary.size())));
        }
        return out;
    }
}
