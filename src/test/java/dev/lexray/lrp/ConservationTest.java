package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Conservation;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With bias factor 1 every rule on the way (epsilon for dense layers and recurrent sums and pre-activations,
 * proportional pooling, winner-take-all max pooling, final-state pooling) hands all of its relevance down, so the
 * token relevances plus what the initial recurrent states absorbed add up to the explained score: to 1e-4 relative
 * in float32 and 1e-9 in float64. Checked on random models with nonzero biases of every architecture and pooling,
 * on the reference BiLSTM, and for a contrast target. The score they must add up to is taken from a separate
 * forward pass ({@link LexrayModel#predict(List, ExplainOptions)}), not from the explanation's own bookkeeping.
 */
class ConservationTest {
    private static final double EPSILON = 0.01;

    @TempDir
    static Path temp;

    static Stream<RandomModels.Spec> models() {
        List<RandomModels.Spec> specs = new ArrayList<>();
        long seed = 1000;
        for (String arch : List.of("lstm", "bilstm", "gru", "bigru")) {
            for (int layers = 1; layers <= 2; layers++) {
                for (String pooling : List.of("final", "mean", "max")) {
                    specs.add(RandomModels.recurrent(arch, layers, pooling, seed++));
                }
            }
        }
        for (String activation : List.of("relu", "tanh")) {
            for (String pooling : List.of("mean", "sum", "max")) {
                specs.add(RandomModels.bag(List.of(7, 5), activation, pooling, seed++));
            }
        }
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void tokensPlusInitialStateAddUpToTheScore(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("m" + spec.seed()), spec);
        List<String> texts = RandomModels.TEXTS;
        try (LexrayModel model = Lexray.load(dir)) {
            for (Precision precision : Precision.values()) {
                ExplainOptions options = ExplainOptions.defaults().withEpsilon(EPSILON, 1.0).withPrecision(precision)
                        .withBatchSize(4);
                List<Explanation> predicted = model.explain(texts, options);
                List<Explanation> contrast = model.explain(texts, options.withTarget(Target.parse("a-vs-b",
                        model.labels())));
                List<Explanation> other = model.explain(texts, options.withTarget(Target.parse("c", model.labels())));
                List<Prediction> forward = model.predict(texts, options);
                for (int i = 0; i < texts.size(); i++) {
                    double[] logits = forward.get(i).logits();
                    Explanation p = predicted.get(i);
                    assertThat(p.predicted().index()).isEqualTo(forward.get(i).predicted().index());
                    assertConserved(p, logits[forward.get(i).predicted().index()], precision);
                    Explanation c = contrast.get(i);
                    assertThat(c.target().label()).isEqualTo("a");
                    assertThat(c.target().versus().label()).isEqualTo("b");
                    assertConserved(c, logits[0] - logits[1], precision);
                    Explanation o = other.get(i);
                    assertConserved(o, logits[2], precision);
                }
                if (model.isRecurrent()) {
                    // The initial states do absorb something (the stabiliser's share reaches h_0 and c_0), so the
                    // check above needs its initial-state term.
                    assertThat(predicted.stream().mapToDouble(e -> Math.abs(e.conservation().initialState())).max()
                            .orElseThrow()).isGreaterThan(1e-7);
                }
            }
        }
    }

    /**
     * Every dense rule runs through whole models; those that hand all relevance down (epsilon and LRP-0 with bias
     * factor 1, w-square, flat) conserve there too, the others at least give finite relevances.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeModels")
    void everyRuleRunsThroughAWholeModel(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("w" + spec.seed()), spec);
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions base = ExplainOptions.defaults().withEpsilon(EPSILON, 1.0).withPrecision(Precision.FLOAT64);
            List<Prediction> forward = model.predict(RandomModels.TEXTS, base);
            for (Rule rule : List.of(new EpsilonRule(0.1, 1), new ZeroRule(1))) {
                List<Explanation> es = model.explain(RandomModels.TEXTS, base.withRule(rule));
                for (int i = 0; i < es.size(); i++) {
                    Explanation e = es.get(i);
                    assertThat(e.rule().name()).isEqualTo(rule.name());
                    Prediction p = forward.get(i);
                    assertConserved(e, p.logits()[p.predicted().index()], Precision.FLOAT64);
                }
            }
            // w-square without its bias term and flat conserve up to zennit's 1e-6 stabiliser per layer
            for (Rule rule : List.of(new WSquareRule(true), new FlatRule())) {
                for (Explanation e : model.explain(RandomModels.TEXTS, base.withRule(rule))) {
                    Conservation c = e.conservation();
                    assertThat(c.sum() + c.initialState()).as("%s %s", rule, e.text())
                            .isCloseTo(c.targetScore(), within(1e-4 * scale(e)));
                }
            }
            for (Rule rule : List.of(new GammaRule(0.25), new AlphaBetaRule(2, 1), new ZPlusRule(), new ZeroRule(0),
                    new WSquareRule())) {
                for (Explanation e : model.explain(RandomModels.TEXTS, base.withRule(rule))) {
                    assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).as("%s %s", rule, e.text())
                            .isTrue();
                    assertResidualReported(e);
                }
            }
        }
    }

    static Stream<RandomModels.Spec> wholeModels() {
        return Stream.of(RandomModels.bag(List.of(7, 5), "relu", "mean", 31),
                RandomModels.bag(List.of(6), "tanh", "max", 32),
                RandomModels.recurrent("bilstm", 1, "final", 33),
                RandomModels.recurrent("gru", 2, "mean", 34));
    }

    /**
     * The check can fail: with bias factor 0 the biases keep their share, and the reported residual is what the
     * words and initial states leave of the score of a separate forward pass.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void biasFactorZeroLeavesAResidual(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("r" + spec.seed()), spec);
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions options = ExplainOptions.defaults().withEpsilon(EPSILON, 0)
                    .withPrecision(Precision.FLOAT64);
            List<Explanation> es = model.explain(RandomModels.TEXTS, options);
            List<Prediction> forward = model.predict(RandomModels.TEXTS, options);
            double largest = 0;
            for (int i = 0; i < es.size(); i++) {
                Explanation e = es.get(i);
                Prediction p = forward.get(i);
                double score = p.logits()[p.predicted().index()];
                assertScore(e, score, Precision.FLOAT64);
                Conservation c = e.conservation();
                assertThat(c.residual()).as("%s: %s", e.text(), c)
                        .isCloseTo(score - wordSum(e) - c.initialState(), within(1e-9 * scale(e)));
                largest = Math.max(largest, Math.abs(c.residual()) / scale(e));
            }
            assertThat(largest).isGreaterThan(1e-3);
        }
    }

    @Test
    void referenceBilstmConserves() {
        Path dir = SharedData.require("reference/lrp_for_lstm/model-bilstm");
        List<String> texts = List.of(
                "this movie is not good , it is terrible .",
                "ridiculous .",
                "a charming and often affecting journey .",
                "neither funny nor suspenseful , the film is a bore .",
                "the acting is superb , but the script is dull and the ending falls flat .");
        try (LexrayModel model = Lexray.load(dir)) {
            int veryPositive = model.labels().indexOf("very positive");
            int negative = model.labels().indexOf("negative");
            assertThat(veryPositive).isNotNegative();
            assertThat(negative).isNotNegative();
            for (Precision precision : Precision.values()) {
                for (double eps : new double[] {0.001, 0.01}) {
                    ExplainOptions options = ExplainOptions.defaults().withEpsilon(eps, 1.0).withPrecision(precision);
                    List<Prediction> forward = model.predict(texts, options);
                    List<Explanation> predicted = model.explain(texts, options);
                    List<Explanation> contrast = model.explain(texts, options.withTarget(
                            Target.parse("very positive-vs-negative", model.labels())));
                    for (int i = 0; i < texts.size(); i++) {
                        Prediction p = forward.get(i);
                        assertConserved(predicted.get(i), p.logits()[p.predicted().index()], precision);
                        Explanation e = contrast.get(i);
                        assertThat(e.target().label()).isEqualTo("very positive");
                        assertThat(e.target().versus().label()).isEqualTo("negative");
                        assertConserved(e, p.logits()[veryPositive] - p.logits()[negative], precision);
                    }
                }
            }
        }
    }

    /** The explained score against {@code expected}, the score of a separate forward pass. */
    private static void assertScore(Explanation e, double expected, Precision precision) {
        double tol = precision == Precision.FLOAT64 ? 1e-12 : 1e-5 * Math.max(1, Math.abs(expected));
        assertThat(e.conservation().targetScore()).as(e.text()).isCloseTo(expected, within(tol));
    }

    /**
     * With bias factor 1 the word relevances plus the initial states add up to {@code score}, the explained score
     * taken from a separate forward pass, and the reported sum, score and residual say so.
     */
    private static void assertConserved(Explanation e, double score, Precision precision) {
        assertScore(e, score, precision);
        Conservation c = e.conservation();
        double tol = precision == Precision.FLOAT64 ? 1e-9 : 1e-4 * scale(e);
        assertThat(c.sum()).as(e.text()).isCloseTo(wordSum(e), within(1e-12));
        assertThat(wordSum(e) + c.initialState()).as("%s: %s", e.text(), c).isCloseTo(score, within(tol));
        assertThat(c.residual()).as("%s: %s", e.text(), c).isCloseTo(0, within(tol));
    }

    /**
     * For rules that need not conserve: {@code sum} is the words' total and the residual is what the words and
     * initial states leave of the score of the explained class in the model's reported logits.
     */
    private static void assertResidualReported(Explanation e) {
        Conservation c = e.conservation();
        assertThat(c.sum()).isCloseTo(wordSum(e), within(1e-12));
        double[] logits = e.logits();
        double score = logits[e.target().index()]
                - (e.target().versus() == null ? 0 : logits[e.target().versus().index()]);
        assertThat(c.residual()).as("%s: %s", e.text(), c)
                .isCloseTo(score - wordSum(e) - c.initialState(), within(1e-9 * Math.max(1, scale(e))));
    }

    /** The word relevances summed here, from the tokens of the explanation. */
    private static double wordSum(Explanation e) {
        return e.tokens().stream().mapToDouble(TokenRelevance::relevance).sum();
    }

    /**
     * The magnitude float32 rounding is relative to: the score, or the relevances when they are larger (they can
     * be, with relevance of both signs).
     */
    private static double scale(Explanation e) {
        double relevance = Arrays.stream(e.relevances()).map(Math::abs).sum()
                + Math.abs(e.conservation().initialState());
        return Math.max(Math.abs(e.conservation().targetScore()), relevance);
    }
}
