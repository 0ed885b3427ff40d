package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.TokenRelevance;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.testing.SharedData;
import dev.lexray.text.EncodedText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoder classifiers against PyTorch: {@code Qwen2ForSequenceClassification} (the Llama/Mistral layout with q/k/v
 * biases, grouped-query attention, rotary positions) and {@code GPT2ForSequenceClassification} (Conv1D weights,
 * learned positions, gelu_new), both causal and classifying at the last real token: the token ids and logits that
 * ../shared/reference/{qwen2,gpt2}-sst2-tiny/README.md list, alone and batched with padding in both orders.
 */
class DecoderParityTest {
    static final String QWEN2 = "reference/qwen2-sst2-tiny";
    static final String GPT2 = "reference/gpt2-sst2-tiny";
    static final Map<String, double[][]> LOGITS = Map.of(
            QWEN2, new double[][] {{-1.60740, 1.69125}, {0.80098, -1.27035}, {-1.23515, 1.04813}},
            GPT2, new double[][] {{-2.18248, 2.26058}, {0.83863, -1.09085}, {-2.18589, 2.16793}});
    static final int[][] IDS = {
        {264, 302, 82, 256, 1509, 280, 974, 1690, 267, 1902, 1005, 295},
        {318, 934, 258, 329, 589, 278, 289, 350, 280, 775, 484, 411},
        {456, 1329, 596, 296, 2171, 324, 301, 340, 285, 330, 571, 271, 292, 296, 1693, 567, 256, 2081, 277, 955, 262,
            341, 256, 357, 759, 800, 1332, 1852, 369, 1788, 295}};

    @ParameterizedTest
    @ValueSource(strings = {QWEN2, GPT2})
    void tokenIdsMatchAndNothingIsAdded(String name) {
        Path dir = SharedData.require(name);
        try (SequentialClassifier classifier = ModelLoader.load(dir)) {
            assertThat(classifier.config().pooling()).as("decoders classify at the last real token").isEqualTo("last");
            for (int i = 0; i < IDS.length; i++) {
                EncodedText e = classifier.encoder().encode(TransformerParityTest.SENTENCES.get(i));
                assertThat(e.ids()).containsExactly(IDS[i]);
                for (int j = 0; j < e.length(); j++) {
                    assertThat(e.isSpecial(j)).isFalse();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {QWEN2, GPT2})
    void logitsMatchPyTorchAloneAndBatched(String name) {
        Path dir = SharedData.require(name);
        double[][] expected = LOGITS.get(name);
        List<String> s = TransformerParityTest.SENTENCES;
        try (LexrayModel model = Lexray.load(dir)) {
            assertThat(model.labels()).containsExactly("negative", "positive");
            for (int i = 0; i < s.size(); i++) {
                Prediction alone = model.predict(s.get(i));
                assertThat(alone.logits()).as("alone: %s", s.get(i)).containsExactly(expected[i], within(1e-4));
            }
            // Padded on the right: the causal mask, the padding mask and the last-real-token pooling must hold.
            List<Prediction> batched = model.predict(s);
            List<Prediction> reversed = model.predict(List.of(s.get(2), s.get(1), s.get(0)));
            for (int i = 0; i < s.size(); i++) {
                assertThat(batched.get(i).logits()).as("batched: %s", s.get(i)).containsExactly(expected[i],
                        within(1e-4));
                assertThat(reversed.get(2 - i).logits()).as("reversed: %s", s.get(i)).containsExactly(expected[i],
                        within(1e-4));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {QWEN2, GPT2})
    void piecesMapToWordsWithOffsetsIntoTheText(String name) {
        Path dir = SharedData.require(name);
        String text = "unflinchingly bleak and desperate";
        try (LexrayModel model = Lexray.load(dir)) {
            Explanation e = model.explain(text);
            assertThat(e.tokens()).extracting(TokenRelevance::text)
                    .containsExactly("unflinchingly", "bleak", "and", "desperate");
            for (TokenRelevance t : e.tokens()) {
                assertThat(text.substring(t.start(), t.end())).isEqualTo(t.text());
            }
            assertThat(e.specialTokens()).isEmpty();
            assertThat(e.tokens().get(1).pieces()).extracting(TokenRelevance::text).allMatch(p -> !p.isEmpty());
        }
    }
}
