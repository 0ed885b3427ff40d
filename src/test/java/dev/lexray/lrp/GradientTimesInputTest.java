package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a bias-free ReLU network LRP-0 is gradient x input (Montavon et al.), here at the embedding output, summed
 * per token. The gradient comes from DJL's autograd on a forward pass written in this test with NDArrays, so the
 * test checks the whole LRP walk (classifier, hidden layers, pooling, embedding) against an independent quantity.
 */
class GradientTimesInputTest {
    @TempDir
    static Path temp;

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(List.of(7), "sum", 11L),
                Arguments.of(List.of(7), "mean", 12L),
                Arguments.of(List.of(6, 5), "mean", 13L),
                Arguments.of(List.of(6, 5), "sum", 14L),
                Arguments.of(List.of(8), "max", 15L),
                Arguments.of(List.of(), "mean", 16L));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void lrpZeroEqualsGradientTimesInput(List<Integer> hidden, String pooling, long seed) {
        RandomModels.Spec spec = RandomModels.bag(hidden, "relu", pooling, seed).withBiases(false);
        Path dir = RandomModels.write(temp.resolve("bag-" + seed), spec);
        Map<String, Tensor> weights = RandomModels.tensors(spec);
        // Max pooling: ties (a repeated word) would make the gradient ambiguous, so only texts of distinct words.
        List<String> texts = RandomModels.TEXTS.stream()
                .filter(t -> !pooling.equals("max") || Arrays.stream(t.split(" ")).distinct().count()
                        == t.split(" ").length)
                .toList();
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> explanations = model.explain(texts, ExplainOptions.defaults()
                    .withRule(new ZeroRule(0)).withPrecision(Precision.FLOAT64).withBatchSize(4));
            for (int i = 0; i < texts.size(); i++) {
                Explanation e = explanations.get(i);
                double[] expected = gradientTimesInput(weights, hidden.size(), pooling, RandomModels.ids(texts.get(i)),
                        e.target().index(), e.logits());
                // Mean and sum pooling divide by zennit's stabilised pooled value (z + 1e-6 sign z), so LRP-0
                // equals gradient x input up to that stabiliser, not bit for bit.
                double tolerance = pooling.equals("max") ? 1e-9 : 1e-4;
                assertThat(e.relevances()).as(texts.get(i)).containsExactly(expected, within(tolerance));
                // Bias-free LRP-0 conserves: the tokens share the score.
                assertThat(e.conservation().sum()).isCloseTo(e.logits()[e.target().index()], within(tolerance));
            }
        }
    }

    /**
     * Per token: sum over embedding dimensions of x * d score / d x, x the token's embedding, by autograd in
     * float64. Also checks that this forward reproduces the model's logits, so the two compute the same network.
     */
    private static double[] gradientTimesInput(Map<String, Tensor> w, int hiddenLayers, String pooling, int[] ids,
            int target, double[] modelLogits) {
        try (NDManager m = TorchRuntime.newManager()) {
            Tensor table = w.get("embedding.weight");
            int e = (int) table.dim(1);
            double[] rows = new double[ids.length * e];
            for (int t = 0; t < ids.length; t++) {
                for (int k = 0; k < e; k++) {
                    rows[t * e + k] = table.values()[ids[t] * e + k];
                }
            }
            NDArray x = m.create(rows, new Shape(ids.length, e)); // a leaf: the embedding output
            x.setRequiresGradient(true);
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray a = switch (pooling) {
                    case "sum" -> x.sum(new int[] {0});
                    case "mean" -> x.mean(new int[] {0});
                    default -> x.max(new int[] {0});
                };
                for (int l = 0; l < hiddenLayers; l++) {
                    a = a.matMul(weight(m, w.get("mlp." + 2 * l + ".weight")).transpose()).maximum(0);
                }
                NDArray logits = a.matMul(weight(m, w.get("classifier.weight")).transpose());
                assertThat(logits.toDoubleArray()).containsExactly(modelLogits, within(1e-9));
                collector.backward(logits.get(target));
                NDArray product = x.getGradient().mul(x).sum(new int[] {1});
                return product.toDoubleArray();
            }
        }
    }

    private static NDArray weight(NDManager m, Tensor t) {
        return m.create(t.values(), new Shape(t.shape())).toType(DataType.FLOAT64, false);
    }
}
