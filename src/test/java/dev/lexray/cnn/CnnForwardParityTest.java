package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.lexray.ExplainOptions;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The explicit window-by-window convolution of {@code ConvolutionLayer} against DJL's built-in {@code Conv1d} block
 * on the same random weights ({@link CnnReference}), for every text of {@link RandomModels#TEXTS} (1 to 11 words,
 * so some are shorter than the widest filter and are padded) scored together in batches with longer texts while the
 * reference scores each alone: this checks the layout of {@code [F,E,k]}, the padding contract and that a batch's
 * padding never changes a text's logits.
 */
class CnnForwardParityTest {
    @TempDir
    static Path temp;

    static Stream<RandomCnns.Spec> models() {
        return Stream.of(RandomCnns.kim("relu", "max", 1), RandomCnns.kim("tanh", "max", 2),
                RandomCnns.kim("relu", "mean", 3), RandomCnns.kim("relu", "max", 4).withHidden(List.of(6)),
                RandomCnns.kim("tanh", "mean", 5).withHidden(List.of(6, 4)),
                new RandomCnns.Spec(List.of(5), 4, 3, List.of(), "relu", "max", 2, true, 0.5, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void logitsEqualDjlsConv1dOnEachTextAlone(RandomCnns.Spec spec) {
        Path dir = RandomCnns.write(temp.resolve("parity-" + spec.seed()), spec);
        Map<String, Tensor> weights = RandomCnns.tensors(spec);
        int widest = spec.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> texts = RandomModels.TEXTS;
        assertThat(texts).anyMatch(t -> t.split(" ").length < widest);
        try (LexrayModel model = Lexray.load(dir); NDManager m = TorchRuntime.newManager()) {
            for (Precision precision : Precision.values()) {
                double tol = precision == Precision.FLOAT64 ? 1e-10 : 1e-5;
                List<Prediction> batched = model.predict(texts, ExplainOptions.defaults().withPrecision(precision)
                        .withBatchSize(5));
                for (int i = 0; i < texts.size(); i++) {
                    int[] ids = RandomModels.ids(texts.get(i));
                    double[] expected = CnnReference.logits(m, spec, weights,
                            CnnReference.embeddings(m, weights, ids, widest)).toDoubleArray();
                    assertThat(batched.get(i).logits()).as("%s %s", texts.get(i), precision)
                            .containsExactly(expected, within(tol));
                }
            }
            // ... and the texts do score differently (the comparison above is not vacuous)
            assertThat(model.predict(texts.get(0)).logits()).isNotEqualTo(model.predict(texts.get(1)).logits());
        }
    }
}
