package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
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
 * Two independent code paths agree: the explicit LRP propagation (epsilon 1e-15, bias factor 0, float64) and
 * gradient x input on the summed input embeddings computed by DJL autograd through the same layers' forward
 * ({@link GradientReference}). CP-LRP is LRP-0 of the network with attention and LayerNorm scales frozen, which is
 * gradient x input of that network even with biases; AttnLRP is gradient x input with the softmax kept and the two
 * attention products halved. Checked per token, special tokens included, for batches with padding.
 */
class GradientAgreementTest {
    /**
     * The stabiliser takes about {@code eps * sum of gradients} over every stabilised unit (a few thousand here), so
     * epsilon must be well below the tolerance divided by that: at 1e-12 that share reaches 1e-8 relative on some
     * random models (measured: 1.3e-8 on a DistilBERT with gelu_new), at 1e-15 it is 1e-11.
     */
    static final double EPS = 1e-15;
    static final double TOLERANCE = 1e-8;

    static final List<String> TINY_TEXTS = List.of(
            "the movie was not very good",
            "i love this film",
            "boring plot , great acting !",
            "the films were lovely but the story wasn't",
            "a");

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void cpLrpIsGradientTimesInputWithBiases(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        check(dir, TINY_TEXTS, AttentionRule.CP_LRP, 3);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void attnLrpIsGradientTimesInputOfTheAttnLrpView(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        check(dir, TINY_TEXTS, AttentionRule.ATTN_LRP, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu_new", "relu"})
    void otherActivations(String activation) {
        for (Family family : List.of(Family.BERT, Family.DISTILBERT)) {
            Path dir = TinyTransformers.write(tmp.resolve(activation), family,
                    TinyTransformers.Options.defaults().withActivation(activation).withSeed(3));
            check(dir, TINY_TEXTS.subList(0, 3), AttentionRule.CP_LRP, 3);
            check(dir, TINY_TEXTS.subList(0, 3), AttentionRule.ATTN_LRP, 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-sst2-tiny", "distilbert-sst2-tiny", "roberta-sst2-tiny",
            "electra-sst2-tiny"})
    void bothRulesAreGradientTimesInputOnTheReferenceModels(String name) {
        Path dir = SharedData.require("reference/" + name);
        check(dir, TransformerParityTest.SENTENCES, AttentionRule.CP_LRP, 2);
        check(dir, TransformerParityTest.SENTENCES, AttentionRule.ATTN_LRP, 2);
    }

    static void check(Path dir, List<String> texts, AttentionRule rule, int classes) {
        ExplainOptions base = ExplainOptions.defaults().withEpsilon(EPS, 0).withAttention(rule)
                .withPrecision(Precision.FLOAT64);
        GradientReference.Mode mode = rule == AttentionRule.CP_LRP ? GradientReference.Mode.CP_LRP
                : GradientReference.Mode.ATTN_LRP;
        try (LexrayModel model = Lexray.load(dir); SequentialClassifier classifier = ModelLoader.load(dir)) {
            // Every class, then a contrast of the first and last.
            for (int c = 0; c <= classes; c++) {
                double[][] weights = new double[texts.size()][classes];
                Target target;
                if (c < classes) {
                    target = new Target.Index(c);
                    for (double[] row : weights) {
                        row[c] = 1;
                    }
                } else {
                    target = new Target.Contrast(new Target.Index(classes - 1), new Target.Index(0));
                    for (double[] row : weights) {
                        row[classes - 1] = 1;
                        row[0] = -1;
                    }
                }
                List<Explanation> lrp = model.explain(texts, base.withTarget(target));
                GradientReference.Result grad = GradientReference.compute(classifier, texts, weights, mode);
                for (int i = 0; i < texts.size(); i++) {
                    double[] r = Flatten.tokens(lrp.get(i));
                    double[] g = Arrays.copyOf(grad.tokens()[i], r.length);
                    assertThat(lrp.get(i).logits()).containsExactly(grad.logits()[i], within(1e-9));
                    double scale = Math.max(Flatten.maxAbs(g), 1e-3);
                    String what = dir.getFileName() + " " + rule + " target " + target + ": " + texts.get(i);
                    assertThat(Flatten.maxAbs(g)).as("gradient is not trivial: %s", what).isGreaterThan(1e-3);
                    assertThat(r).as("%s\nLRP      %s\ngradient %s", what, Arrays.toString(r), Arrays.toString(g))
                            .containsExactly(g, within(TOLERANCE * scale));
                    // Padding holds nothing.
                    for (int j = r.length; j < grad.tokens()[i].length; j++) {
                        assertThat(grad.tokens()[i][j]).isZero();
                    }
                }
            }
        }
    }
}
