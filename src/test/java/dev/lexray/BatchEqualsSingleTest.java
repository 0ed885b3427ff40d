package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AlphaBetaRule;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Explaining texts of different lengths together (padded batches of 1, 2, 7 and the default 32, sorted into length
 * buckets, on one or several worker threads) gives what explaining each alone gives: the same tokens, relevances,
 * logits and conservation, to 1e-5 in float32 with the default options, and to 1e-10 in float64 with alpha-beta,
 * bias factor 1 and a contrast target. The same holds for every baseline method, for the transformer layouts (on
 * the reference models under ../shared, with texts longer than the window), for batches cut by a token budget,
 * and for predictions.
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
            // Batches cut by a token budget (12 and 30 token slots: mixed sizes, the longest texts alone).
            check(model, texts, ExplainOptions.defaults().withTokenBudget(12), new int[] {32}, 1e-5);
            check(model, texts, ExplainOptions.defaults().withTokenBudget(30).withWorkers(2), new int[] {7}, 1e-5);
            // Other rules and a contrast target in float64, where nothing but the logic can differ. (In float32
            // the summation order of a batched matmul changes the last bits, and the epsilon rule's small
            // denominators (eps 0.01, bias factor 1, contrast scores) can amplify that to ~1e-4.)
            check(model, texts, ExplainOptions.defaults().withEpsilon(0.01, 1.0)
                    .withRule(new AlphaBetaRule(2, 1)).withTarget(Target.parse("b-vs-c", model.labels()))
                    .withPrecision(Precision.FLOAT64), new int[] {2, 7}, 1e-10);
        }
    }

    static Stream<Arguments> baselines() {
        List<AttributionMethod> methods = List.of(new AttributionMethod.Gradient(),
                new AttributionMethod.GradientXInput(),
                new AttributionMethod.IntegratedGradients(7, AttributionMethod.Baseline.PAD),
                new AttributionMethod.IntegratedGradients(5, AttributionMethod.Baseline.ZERO),
                new AttributionMethod.Occlusion(AttributionMethod.OcclusionMode.UNK),
                new AttributionMethod.Occlusion(AttributionMethod.OcclusionMode.DELETE),
                new AttributionMethod.Lime(40, 3), new AttributionMethod.Random(5));
        List<RandomModels.Spec> specs = List.of(RandomModels.recurrent("bilstm", 1, "max", 31),
                RandomModels.recurrent("gru", 2, "final", 32), RandomModels.bag(List.of(6), "relu", "mean", 33));
        List<Arguments> out = new ArrayList<>();
        for (RandomModels.Spec spec : specs) {
            for (AttributionMethod m : methods) {
                out.add(Arguments.of(spec, m));
            }
        }
        return out.stream();
    }

    /** Every baseline, batched and on two workers, equals its one-by-one result (float64). */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("baselines")
    void baselinesBatchedEqualOneByOne(RandomModels.Spec spec, AttributionMethod method) {
        Path dir = RandomModels.write(temp.resolve("b" + spec.seed()), spec);
        List<String> texts = new ArrayList<>(RandomModels.TEXTS);
        texts.add(1, "the acting was great but the plot was terrible");
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions options = ExplainOptions.defaults().withMethod(method).withPrecision(Precision.FLOAT64)
                    .withWorkers(1);
            check(model, texts, options, new int[] {3, 32}, 1e-9);
            check(model, texts, options.withWorkers(2), new int[] {1, 4}, 1e-9);
        }
    }

    /** Several workers give exactly what one gives, whatever the batch size. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void workersDoNotChangeResults(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("w" + spec.seed()), spec);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            texts.addAll(RandomModels.TEXTS);
        }
        try (LexrayModel model = Lexray.load(dir)) {
            for (int size : new int[] {1, 4}) {
                ExplainOptions one = ExplainOptions.defaults().withBatchSize(size).withWorkers(1);
                List<Explanation> expected = model.explain(texts, one);
                List<Explanation> actual = model.explain(texts, one.withWorkers(3));
                for (int i = 0; i < texts.size(); i++) {
                    assertSame(actual.get(i), expected.get(i), 0, "3 workers, batch size " + size + ", text " + i);
                }
                List<Prediction> p1 = model.predict(texts, one);
                List<Prediction> p3 = model.predict(texts, one.withWorkers(3));
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(p3.get(i).logits()).containsExactly(p1.get(i).logits());
                    assertThat(p3.get(i).text()).isEqualTo(texts.get(i));
                }
            }
        }
    }

    static Stream<String> transformers() {
        return Stream.of("bert-sst2-tiny", "distilbert-sst2-tiny", "roberta-sst2-tiny", "electra-sst2-tiny");
    }

    /**
     * The transformer layouts on the reference models: padded, masked batches (and windows of a text longer than
     * the model's 128 positions) equal one-by-one explanation, for CP-LRP and AttnLRP, and for gradient x input.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("transformers")
    void transformersBatchedEqualOneByOne(String name) {
        Path dir = SharedData.require("reference/" + name);
        List<String> texts = new ArrayList<>(RandomModels.TEXTS);
        StringBuilder longText = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            longText.append(RandomModels.TEXTS.get(i % RandomModels.TEXTS.size())).append(i % 3 == 0 ? ". " : " ");
        }
        texts.add(2, longText.toString().strip());
        texts.add("it 's a charming and often affecting journey .");
        try (LexrayModel model = Lexray.load(dir)) {
            check(model, texts, ExplainOptions.defaults(), new int[] {3, 32}, 1e-4);
            // A token budget that batches sentences a few at a time and puts every full window alone.
            check(model, texts, ExplainOptions.defaults().withTokenBudget(300), new int[] {32}, 1e-4);
            check(model, texts, ExplainOptions.defaults().withPrecision(Precision.FLOAT64)
                    .withAttention(AttentionRule.ATTN_LRP).withWorkers(2), new int[] {1, 5}, 1e-9);
            check(model, texts, ExplainOptions.defaults().withPrecision(Precision.FLOAT64)
                    .withMethod(new AttributionMethod.GradientXInput()), new int[] {4}, 1e-9);
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
            List<Prediction> predicted = model.predict(texts, options.withBatchSize(size));
            for (int i = 0; i < texts.size(); i++) {
                assertThat(predicted.get(i).logits()).as("predicted logits, batch size %d, text %d", size, i)
                        .containsExactly(single.get(i).logits(), within(tol));
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
