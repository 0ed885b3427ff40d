package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With bias factor 1 the epsilon rule hands every bias and stabiliser share back to the inputs of each map (each
 * window of a convolution included), max over time gives all of a filter's relevance to one window and mean over
 * time hands the stabiliser's share back: the words' relevances add up to the explained score, taken from a separate
 * forward pass. Texts at least as long as the widest filter (shorter ones are zero-padded, and what lands on that
 * padding is dropped, see {@code ConvolutionPropagation}).
 */
class CnnConservationTest {
    @TempDir
    static Path temp;

    static Stream<RandomCnns.Spec> models() {
        return Stream.of(RandomCnns.kim("relu", "max", 31), RandomCnns.kim("tanh", "max", 32),
                RandomCnns.kim("relu", "mean", 33), RandomCnns.kim("tanh", "mean", 34),
                RandomCnns.kim("relu", "max", 35).withHidden(List.of(7, 5)),
                RandomCnns.kim("tanh", "mean", 36).withHidden(List.of(6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void wordsAddUpToTheScoreWithBiasFactorOne(RandomCnns.Spec spec) {
        Path dir = RandomCnns.write(temp.resolve("c" + spec.seed()), spec);
        int widest = spec.widths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> texts = RandomModels.TEXTS.stream().filter(t -> t.split(" ").length >= widest).toList();
        assertThat(texts).hasSizeGreaterThan(3);
        try (LexrayModel model = Lexray.load(dir)) {
            for (Precision precision : Precision.values()) {
                ExplainOptions options = ExplainOptions.defaults().withEpsilon(0.01, 1.0)
                        .withPrecision(precision).withBatchSize(3);
                List<Prediction> forward = model.predict(texts, options);
                List<Explanation> predicted = model.explain(texts, options);
                List<Explanation> contrast = model.explain(texts,
                        options.withTarget(Target.parse("a-vs-b", model.labels())));
                for (int i = 0; i < texts.size(); i++) {
                    double[] logits = forward.get(i).logits();
                    double score = logits[forward.get(i).predicted().index()];
                    assertAddsUp(predicted.get(i), score, precision);
                    assertAddsUp(contrast.get(i), logits[0] - logits[1], precision);
                }
                // ... and with bias factor 0 the biases keep a share: the check above can fail
                List<Explanation> absorbing = model.explain(texts, options.withEpsilon(0.01, 0.0));
                assertThat(absorbing).anyMatch(e -> Math.abs(sum(e) - e.logits()[e.target().index()]) > 1e-3);
            }
        }
    }

    private static void assertAddsUp(Explanation e, double score, Precision precision) {
        double tol = precision == Precision.FLOAT64 ? 1e-9 : 1e-4 * Math.max(1, Math.abs(score));
        assertThat(sum(e)).as(e.text()).isCloseTo(score, within(tol));
    }

    private static double sum(Explanation e) {
        return Arrays.stream(e.relevances()).sum();
    }
}
