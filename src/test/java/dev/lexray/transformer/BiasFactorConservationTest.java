package dev.lexray.transformer;

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
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code --bias-factor 1} every part of a transformer hands back what biases and stabilisers absorbed (dense
 * maps, LayerNorm shifts, residual sums, attention products, AttnLRP's softmax rule), so words plus special tokens
 * equal the explained score, taken independently from {@code predict}'s logits, to float64 precision, with biases
 * present and a visible epsilon.
 */
class BiasFactorConservationTest {
    static final List<String> TEXTS = List.of("the movie was not very good", "i love this film , the acting is great !",
            "boring plot but fun", "don't hate it");

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void tinyTransformersConserve(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        try (LexrayModel model = Lexray.load(dir)) {
            checkAll(model);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-sst2-tiny", "distilbert-sst2-tiny", "roberta-sst2-tiny",
            "electra-sst2-tiny"})
    void referenceEncodersConserve(String name) {
        Path dir = SharedData.require("reference/" + name);
        try (LexrayModel model = Lexray.load(dir)) {
            checkAll(model);
        }
    }

    static void checkAll(LexrayModel model) {
        List<Prediction> predictions = model.predict(TEXTS);
        for (AttentionRule attention : AttentionRule.values()) {
            for (Target target : List.of(Target.predicted(), Target.parse("0", model.labels()))) {
                ExplainOptions o = ExplainOptions.defaults().withEpsilon(0.01, 1).withAttention(attention)
                        .withTarget(target).withPrecision(Precision.FLOAT64);
                List<Explanation> es = model.explain(TEXTS, o);
                for (int i = 0; i < TEXTS.size(); i++) {
                    Explanation e = es.get(i);
                    double[] logits = predictions.get(i).logits();
                    double score = logits[e.target().index()];
                    double words = Arrays.stream(e.relevances()).sum();
                    double special = e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
                    double scale = Arrays.stream(logits).map(Math::abs).max().orElseThrow();
                    // predict runs in float32, so the score agrees to float32 precision; the sum to float64's
                    assertThat(e.conservation().targetScore()).isCloseTo(score, within(1e-5 * Math.max(1, scale)));
                    assertThat(words + special).as("%s %s %s: %s", attention, target, TEXTS.get(i),
                            e.conservation()).isCloseTo(e.conservation().targetScore(), within(1e-9 * Math.max(1, scale)));
                }
                // The same options with bias factor 0 leave a visible residual: the check above can fail.
                List<Explanation> absorbing = model.explain(TEXTS, o.withEpsilon(0.01, 0).withAttention(attention));
                double largest = absorbing.stream().mapToDouble(e -> Math.abs(residual(e))).max().orElseThrow();
                assertThat(largest).isGreaterThan(1e-4);
            }
        }
    }

    private static double residual(Explanation e) {
        Conservation c = e.conservation();
        double words = Arrays.stream(e.relevances()).sum();
        double special = e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
        return c.targetScore() - words - special;
    }
}
