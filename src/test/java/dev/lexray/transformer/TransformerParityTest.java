package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Prediction;
import dev.lexray.testing.SharedData;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward parity with PyTorch (HF {@code ...ForSequenceClassification} in eval mode) on the reference models in
 * ../shared/reference: the logits their README lists, for each sentence alone and for all three batched together
 * (padding must not change a text's logits).
 */
class TransformerParityTest {
    static final List<String> SENTENCES = List.of(
            "it 's a charming and often affecting journey .",
            "unflinchingly bleak and desperate",
            "allows us to hope that nolan is poised to embark a major career as a commercial yet inventive"
                    + " filmmaker .");

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("bert-sst2-tiny", new double[][] {
                    {-1.94289, 2.02058}, {0.99985, -1.10475}, {-0.56625, 0.46088}}),
                Arguments.of("distilbert-sst2-tiny", new double[][] {
                    {-2.32587, 2.03631}, {0.80791, -0.69670}, {-0.54740, 0.50746}}),
                Arguments.of("roberta-sst2-tiny", new double[][] {
                    {-1.70108, 1.73576}, {1.05109, -1.16976}, {-1.54882, 1.54620}}),
                Arguments.of("electra-sst2-tiny", new double[][] {
                    {-2.01330, 1.84415}, {1.08284, -0.82126}, {-0.70352, 0.66045}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void logitsMatchPyTorchAloneAndBatched(String dir, double[][] expected) {
        try (LexrayModel model = Lexray.load(SharedData.require("reference/" + dir))) {
            assertThat(model.labels()).containsExactly("negative", "positive");
            for (int i = 0; i < SENTENCES.size(); i++) {
                Prediction alone = model.predict(SENTENCES.get(i));
                assertThat(alone.logits()).as("%s alone: %s", dir, SENTENCES.get(i))
                        .containsExactly(expected[i], within(1e-4));
                assertThat(alone.predicted().label()).isEqualTo(expected[i][0] > expected[i][1] ? "negative"
                        : "positive");
            }
            // Batched: the short sentences are padded to the longest one.
            List<Prediction> batched = model.predict(SENTENCES);
            List<Prediction> reversed = model.predict(List.of(SENTENCES.get(2), SENTENCES.get(1), SENTENCES.get(0)));
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertThat(batched.get(i).logits()).as("%s batched: %s", dir, SENTENCES.get(i))
                        .containsExactly(expected[i], within(1e-4));
                assertThat(reversed.get(2 - i).logits()).as("%s batched, reversed: %s", dir, SENTENCES.get(i))
                        .containsExactly(expected[i], within(1e-4));
            }
        }
    }
}
