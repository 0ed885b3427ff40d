package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Explaining texts of different lengths together (padded batches of 1, 2, 7 and the default 32) gives what
 * explaining each alone gives: the same tokens, relevances, logits and conservation, to 1e-5 in float32 with the
 * default options, and to 1e-10 in float64 with alpha-beta, bias factor 1 and a contrast target.
 */
class BatchEqualsSingleTest {
    @TempDir
    static Path temp;

    static Stream<RandomModels.Spec> models() {
        return Stream.of(
                RandomModels.recurrent("bilstm", 1, "final", 21),
                RandomModels.recurrent("bilstm", 2, "max", 22),
                RandomModels.recurrent("bigru", 1, "mean", 23),
                RandomModels.bag(List.of(7), "relu", "max", 25),
                RandomModels.bag(List.of(6, 5), "tanh", "max", 26));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void batchedEqualsOneByOne(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("m" + spec.seed()), spec);
        // Long and short texts interleaved, so that every batch pads something.
        List<String> texts = new ArrayList<>(RandomModels.TEXTS);
        texts.add("good");
        texts.add("the acting was great but the plot was terrible");
        try (LexrayModel model = Lexray.load(dir)) {
            // The defaults (float32) as a user gets them.
            check(model, texts, ExplainOptions.defaults(), new int[] {1, 2, 7, ExplainOptions.DEFAULT_BATCH_SIZE},
                    1e-5);
            // Other rules and a contrast target in float64, where nothing but the logic can differ. (In float32
            // the summation order of a batched matmul changes the last bits, and the epsilon rule's small
            // denominators (eps 0.01, bias factor 1, contrast scores) can amplify that to ~1e-4.)
            check(model, texts, ExplainOptions.defaults().withEpsilon(0.01, 1.0)
                    .withRule(new AlphaBetaRule(2, 1)).withTarget(Target.parse("b-vs-c", model.labels()))
                    .withPrecision(Precision.FLOAT64), new int[] {2, 7}, 1e-10);
        }
    }

    private static void check(LexrayModel model, List<String> texts, ExplainOptions options, int[] sizes,
            double tol) {
        List<Explanation> single = new ArrayList<>();
        for (String text : texts) {
            single.add(model.explain(text, options));
        }
        for (int size : sizes) {
            List<Explanation> batched = model.explain(texts, options.withBatchSize(size));
            assertThat(batched).hasSize(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                assertSame(batched.get(i), single.get(i), tol, options.precision() + ", batch size " + size
                        + ", text " + i);
            }
        }
    }

    private static void assertSame(Explanation actual, Explanation expected, double tol, String where) {
        assertThat(actual.text()).as(where).isEqualTo(expected.text());
        assertThat(actual.tokens()).as(where).hasSize(expected.tokens().size());
        for (int t = 0; t < expected.tokens().size(); t++) {
            TokenRelevance a = actual.tokens().get(t);
            TokenRelevance e = expected.tokens().get(t);
            assertThat(a.text()).as(where).isEqualTo(e.text());
            assertThat(a.start()).as(where).isEqualTo(e.start());
            assertThat(a.end()).as(where).isEqualTo(e.end());
        }
        assertThat(actual.relevances()).as("relevances, %s", where).containsExactly(expected.relevances(),
                within(tol));
        assertThat(actual.logits()).as("logits, %s", where).containsExactly(expected.logits(), within(tol));
        assertThat(actual.predicted()).as(where).isEqualTo(expected.predicted());
        assertThat(actual.target()).as(where).isEqualTo(expected.target());
        assertThat(actual.conservation().initialState()).as(where)
                .isCloseTo(expected.conservation().initialState(), within(tol));
        assertThat(actual.conservation().targetScore()).as(where)
                .isCloseTo(expected.conservation().targetScore(), within(tol));
    }
}
