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
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * LRP through the Qwen2 and GPT-2 reference decoders, both rules: with bias factor 1 the token relevances sum to the
 * explained logit (float64), with bias factor 0 a residual is left (so that check can fail); and with epsilon near 0
 * the propagation equals gradient x input at {@code embed_tokens} of the network in the rule's view, computed by autograd
 * ({@link GradientReference}), token by token, for a padded batch and a contrast target.
 */
class DecoderLrpTest {
    static final List<String> TEXTS = List.of(TransformerParityTest.SENTENCES.get(0),
            TransformerParityTest.SENTENCES.get(1), "a", "not bad at all , a charming little film");

    static Stream<Arguments> modelsAndRules() {
        return Stream.of(DecoderParityTest.QWEN2, DecoderParityTest.GPT2)
                .flatMap(m -> Stream.of(AttentionRule.values()).map(r -> Arguments.of(m, r)));
    }

    @ParameterizedTest
    @MethodSource("modelsAndRules")
    void biasFactorOneConserves(String name, AttentionRule rule) {
        Path dir = SharedData.require(name);
        try (LexrayModel model = Lexray.load(dir)) {
            List<Prediction> predictions = model.predict(TEXTS);
            for (Target target : List.of(Target.predicted(), Target.parse("negative", model.labels()))) {
                ExplainOptions o = ExplainOptions.defaults().withEpsilon(0.01, 1).withAttention(rule)
                        .withTarget(target).withPrecision(Precision.FLOAT64);
                List<Explanation> es = model.explain(TEXTS, o);
                double largestResidual = 0;
                List<Explanation> absorbing = model.explain(TEXTS, o.withEpsilon(0.01, 0).withAttention(rule));
                for (int i = 0; i < TEXTS.size(); i++) {
                    Explanation e = es.get(i);
                    double score = predictions.get(i).logits()[e.target().index()];
                    assertThat(e.conservation().targetScore()).isCloseTo(score, within(1e-5));
                    assertThat(e.specialTokens()).isEmpty();
                    double words = Arrays.stream(e.relevances()).sum();
                    assertThat(words).as("%s %s: %s", rule, TEXTS.get(i), e.conservation())
                            .isCloseTo(e.conservation().targetScore(), within(1e-9));
                    Explanation a = absorbing.get(i);
                    largestResidual = Math.max(largestResidual,
                            Math.abs(a.conservation().targetScore() - Arrays.stream(a.relevances()).sum()));
                }
                assertThat(largestResidual).isGreaterThan(1e-4);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modelsAndRules")
    void equalsGradientTimesInputOfTheRulesView(String name, AttentionRule rule) {
        Path dir = SharedData.require(name);
        ExplainOptions base = ExplainOptions.defaults().withEpsilon(1e-15, 0).withAttention(rule)
                .withPrecision(Precision.FLOAT64);
        GradientReference.Mode mode = rule == AttentionRule.CP_LRP ? GradientReference.Mode.CP_LRP
                : GradientReference.Mode.ATTN_LRP;
        try (LexrayModel model = Lexray.load(dir); SequentialClassifier classifier = ModelLoader.load(dir)) {
            for (Target target : List.of(new Target.Index(1),
                    new Target.Contrast(new Target.Index(1), new Target.Index(0)))) {
                double[][] weights = new double[TEXTS.size()][2];
                for (double[] row : weights) {
                    row[1] = 1;
                    row[0] = target instanceof Target.Contrast ? -1 : 0;
                }
                List<Explanation> lrp = model.explain(TEXTS, base.withTarget(target));
                GradientReference.Result grad = GradientReference.compute(classifier, TEXTS, weights, mode);
                for (int i = 0; i < TEXTS.size(); i++) {
                    double[] r = pieces(lrp.get(i));
                    double[] g = Arrays.copyOf(grad.tokens()[i], r.length);
                    String what = name + " " + rule + " " + target + ": " + TEXTS.get(i);
                    assertThat(Flatten.maxAbs(g)).as("gradient is not trivial: %s", what).isGreaterThan(1e-3);
                    assertThat(r).as("%s\nLRP      %s\ngradient %s", what, Arrays.toString(r), Arrays.toString(g))
                            .containsExactly(g, within(1e-8 * Math.max(Flatten.maxAbs(g), 1e-3)));
                    for (int j = r.length; j < grad.tokens()[i].length; j++) {
                        assertThat(grad.tokens()[i][j]).isZero(); // padding holds nothing
                    }
                }
            }
        }
    }

    /** Per-piece relevance in token order: a decoder adds no special tokens. */
    private static double[] pieces(Explanation e) {
        assertThat(e.specialTokens()).isEmpty();
        return e.tokens().stream().flatMap(w -> w.pieces().stream()).mapToDouble(TokenRelevance::relevance)
                .toArray();
    }
}
