package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.RuleSettings;
import dev.lexray.Target;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.Composite;
import dev.lexray.lrp.Composites;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --rule attnlrp-lxt} is what LXT computes: {@code inputs_embeds * grad} of AttnLRP's modified graph (softmax
 * kept, both attention products halved, norms' scales and activations' ratios frozen, linear maps untouched), read
 * at the word embeddings only. Checked against DJL autograd through that graph ({@link GradientReference}) for every
 * family, and it differs from Lexray's own AttnLRP (relevance at the summed embedding) where positions carry some.
 */
class LxtConventionTest {
    static final double TOLERANCE = 1e-8;

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void equalsWordEmbeddingsTimesGradientOfTheAttnLrpGraph(Family family) {
        check(TinyTransformers.write(tmp, family), GradientAgreementTest.TINY_TEXTS, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-sst2-tiny", "roberta-sst2-tiny", "electra-sst2-tiny", "gpt2-sst2-tiny",
            "qwen2-sst2-tiny"})
    void onTheReferenceModels(String name) {
        check(SharedData.require("reference/" + name), TransformerParityTest.SENTENCES, 2);
    }

    @Test
    void isANamedCompositeThatRoundTrips() {
        Composite lxt = Composites.forName("attnlrp-lxt", Map.of());
        assertThat(lxt.transformer().attention()).isEqualTo(AttentionRule.ATTN_LRP);
        assertThat(lxt.transformer().wordEmbeddingsOnly()).isTrue();
        assertThat(lxt.transformer().epsilon()).isZero();
        assertThat(RuleSettings.of(lxt).toComposite()).isEqualTo(lxt);
        assertThat(Composites.forName("attnlrp", Map.of()).transformer().wordEmbeddingsOnly()).isFalse();
    }

    @Test
    void differsFromTheSummedEmbeddingReading() {
        Path dir = TinyTransformers.write(tmp.resolve("differs"), Family.BERT);
        try (LexrayModel model = Lexray.load(dir)) {
            String text = "the movie was not very good";
            double[] lxt = Flatten.tokens(model.explain(List.of(text), ExplainOptions.defaults()
                    .withComposite(Composites.forName("attnlrp-lxt", Map.of()))).get(0));
            double[] summed = Flatten.tokens(model.explain(List.of(text), ExplainOptions.defaults()
                    .withComposite(Composites.forName("attnlrp", Map.of("epsilon", 0.0)))).get(0));
            double gap = 0;
            for (int i = 0; i < lxt.length; i++) {
                gap = Math.max(gap, Math.abs(lxt[i] - summed[i]));
            }
            assertThat(gap).as("position and type embeddings carry part of the summed relevance")
                    .isGreaterThan(1e-3 * Flatten.maxAbs(summed));
        }
    }

    private static void check(Path dir, List<String> texts, int classes) {
        ExplainOptions options = ExplainOptions.defaults().withComposite(Composites.forName("attnlrp-lxt", Map.of()))
                .withPrecision(Precision.FLOAT64);
        try (LexrayModel model = Lexray.load(dir); SequentialClassifier classifier = ModelLoader.load(dir)) {
            for (int c = 0; c < classes; c++) {
                double[][] weights = new double[texts.size()][classes];
                for (double[] row : weights) {
                    row[c] = 1;
                }
                List<Explanation> lrp = model.explain(texts, options.withTarget(new Target.Index(c)));
                GradientReference.Result grad = GradientReference.compute(classifier, texts, weights,
                        GradientReference.Mode.ATTN_LRP);
                for (int i = 0; i < texts.size(); i++) {
                    double[] r = Flatten.tokens(lrp.get(i));
                    double[] g = Arrays.copyOf(grad.wordTokens()[i], r.length);
                    double scale = Math.max(Flatten.maxAbs(g), 1e-3);
                    assertThat(Flatten.maxAbs(g)).isGreaterThan(1e-3);
                    assertThat(r).as("%s class %d: %s\nLRP      %s\ngradient %s", dir.getFileName(), c, texts.get(i),
                            Arrays.toString(r), Arrays.toString(g)).containsExactly(g, within(TOLERANCE * scale));
                }
            }
        }
    }
}
