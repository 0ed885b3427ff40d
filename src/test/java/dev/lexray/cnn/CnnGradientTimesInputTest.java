package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.lrp.ZeroRule;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a bias-free ReLU CNN, LRP-0 is gradient x input (Montavon et al.): the gradient here comes from DJL's autograd
 * through DJL's own {@code Conv1d} ({@link CnnReference}), an independent forward, so this checks the whole walk
 * (classifier, hidden layers, max or mean over time, the windows' rule, overlapping windows adding up) against an
 * independent quantity.
 */
class CnnGradientTimesInputTest {
    @TempDir
    static Path temp;

    static Stream<RandomCnns.Spec> models() {
        return Stream.of(RandomCnns.kim("relu", "max", 21), RandomCnns.kim("relu", "max", 22).withHidden(List.of(6)),
                RandomCnns.kim("relu", "mean", 23), RandomCnns.kim("relu", "mean", 24).withHidden(List.of(6, 5)),
                new RandomCnns.Spec(List.of(1, 3), 4, 4, List.of(), "relu", "max", 2, true, 0.5, 25));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lrpZeroEqualsGradientTimesInput(RandomCnns.Spec biased) {
        RandomCnns.Spec spec = biased.withBiases(false);
        Path dir = RandomCnns.write(temp.resolve("gxi-" + spec.seed()), spec);
        Map<String, Tensor> weights = RandomCnns.tensors(spec);
        int widest = spec.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        // Max pooling: a repeated word can make two windows tie, and then the gradient is ambiguous.
        List<String> texts = RandomModels.TEXTS.stream()
                .filter(t -> Arrays.stream(t.split(" ")).distinct().count() == t.split(" ").length).toList();
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> explanations = model.explain(texts, ExplainOptions.defaults()
                    .withRule(new ZeroRule(0)).withPrecision(Precision.FLOAT64).withBatchSize(4));
            for (int i = 0; i < texts.size(); i++) {
                Explanation e = explanations.get(i);
                double[] expected = gradientTimesInput(spec, weights, RandomModels.ids(texts.get(i)), widest,
                        e.target().index(), e.logits());
                // Mean over time divides by zennit's stabilised mean (y + 1e-6 sign y): equal up to that stabiliser.
                double tolerance = spec.pooling().equals("max") ? 1e-9 : 1e-4;
                assertThat(e.relevances()).as(texts.get(i)).containsExactly(expected, within(tolerance));
                assertThat(e.conservation().sum()).isCloseTo(e.logits()[e.target().index()], within(tolerance));
            }
            assertThat(explanations).anyMatch(e -> Arrays.stream(e.relevances()).anyMatch(r -> Math.abs(r) > 1e-3));
        }
    }

    /** Per word: the sum over embedding dimensions of x * d score / d x, by autograd in float64. */
    private static double[] gradientTimesInput(RandomCnns.Spec spec, Map<String, Tensor> w, int[] ids, int widest,
            int target, double[] modelLogits) {
        try (NDManager m = TorchRuntime.newManager()) {
            NDArray x = CnnReference.embeddings(m, w, ids, widest); // [1,E,T'], a leaf
            x.setRequiresGradient(true);
            try (GradientCollector collector = TorchRuntime.engine().newGradientCollector()) {
                NDArray logits = CnnReference.logits(m, spec, w, x);
                assertThat(logits.toDoubleArray()).containsExactly(modelLogits, within(1e-9));
                collector.backward(logits.get(target));
                double[] perPosition = x.getGradient().mul(x).sum(new int[] {0, 1}).toDoubleArray();
                return Arrays.copyOf(perPosition, ids.length); // padding is zero: no gradient x input there
            }
        }
    }
}
