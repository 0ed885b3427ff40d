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
import dev.lexray.model.Tensor;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import dev.lexray.testing.TinyTransformers.Options;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AttnLRP: finite, deterministic, the same in a batch as alone, different from CP-LRP, and queries and keys
 * receive relevance: the result differs from AttnLRP with the query/key path cut, by a clear margin, and equals it
 * exactly when attention is uniform (zero query weights: every score is 0, so the softmax rule
 * {@code x_i (R_i - s_i sum R)} hands nothing back). Without biases the softmax rule does not conserve, so AttnLRP's
 * residual is visible where CP-LRP's is not.
 */
class AttnLrpTest {
    static final List<String> TEXTS = List.of(
            "the movie was not very good",
            "i love this film , the acting is great !",
            "boring plot but fun",
            "a");

    static final ExplainOptions ATTN = ExplainOptions.defaults().withAttention(AttentionRule.ATTN_LRP)
            .withEpsilon(GradientAgreementTest.EPS, 0).withPrecision(Precision.FLOAT64);

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void finiteDeterministicBatchedAsAloneAndNotCpLrp(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        try (LexrayModel model = Lexray.load(dir)) {
            for (Precision precision : Precision.values()) {
                ExplainOptions o = ATTN.withPrecision(precision)
                        .withEpsilon(precision == Precision.FLOAT32 ? 1e-6 : 1e-12, 0);
                double tol = precision == Precision.FLOAT32 ? 1e-4 : 1e-10;
                List<Explanation> batched = model.explain(TEXTS, o);
                List<Explanation> again = model.explain(TEXTS, o);
                List<Explanation> cp = model.explain(TEXTS, o.withAttention(AttentionRule.CP_LRP));
                for (int i = 0; i < TEXTS.size(); i++) {
                    double[] r = Flatten.tokens(batched.get(i));
                    String what = family + " " + precision + ": " + TEXTS.get(i);
                    assertThat(Arrays.stream(r).allMatch(Double::isFinite)).as(what).isTrue();
                    assertThat(Flatten.maxAbs(r)).as(what).isGreaterThan(1e-3);
                    assertThat(Flatten.tokens(again.get(i))).as("deterministic: %s", what).containsExactly(r);
                    double scale = Flatten.maxAbs(r);
                    Explanation alone = model.explain(TEXTS.get(i), o);
                    assertThat(alone.logits()).containsExactly(batched.get(i).logits(), within(tol));
                    assertThat(Flatten.tokens(alone)).as("alone = batched: %s", what)
                            .containsExactly(r, within(tol * scale));
                    assertThat(alone.rule().attention().name()).isEqualTo("attnlrp");
                    double[] c = Flatten.tokens(cp.get(i));
                    double diff = 0;
                    for (int j = 0; j < r.length; j++) {
                        diff = Math.max(diff, Math.abs(r[j] - c[j]));
                    }
                    assertThat(diff).as("AttnLRP differs from CP-LRP: %s", what).isGreaterThan(1e-2 * scale);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void queriesAndKeysReceiveRelevance(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        double[][] weights = oneHot(TEXTS.size(), 2, 3);
        try (LexrayModel model = Lexray.load(dir); SequentialClassifier classifier = ModelLoader.load(dir)) {
            List<Explanation> es = model.explain(TEXTS, ATTN.withTarget(new Target.Index(2)));
            GradientReference.Result full = GradientReference.compute(classifier, TEXTS, weights,
                    GradientReference.Mode.ATTN_LRP);
            GradientReference.Result valuesOnly = GradientReference.compute(classifier, TEXTS, weights,
                    GradientReference.Mode.ATTN_LRP_VALUES_ONLY);
            for (int i = 0; i < TEXTS.size(); i++) {
                double[] r = Flatten.tokens(es.get(i));
                double[] f = Arrays.copyOf(full.tokens()[i], r.length);
                double[] v = Arrays.copyOf(valuesOnly.tokens()[i], r.length);
                double scale = Flatten.maxAbs(r);
                assertThat(r).containsExactly(f, within(1e-8 * scale));
                double viaQueryKey = 0;
                for (int j = 0; j < r.length; j++) {
                    viaQueryKey = Math.max(viaQueryKey, Math.abs(r[j] - v[j]));
                }
                assertThat(viaQueryKey).as("%s: relevance through queries and keys in %s", family, TEXTS.get(i))
                        .isGreaterThan(1e-2 * scale);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void uniformAttentionSendsNothingThroughQueriesAndKeys(Family family) {
        Options options = Options.defaults();
        Map<String, Tensor> tensors = TinyTransformers.tensors(family, options);
        tensors.replaceAll((name, t) -> name.contains("query") || name.contains("q_lin")
                ? new Tensor(name, t.shape(), new float[t.values().length]) : t);
        Path dir = TinyTransformers.write(tmp.resolve(family + "-uniform"), TinyTransformers.config(family, options),
                tensors, TinyTransformers.tokenizerJson(family));
        double[][] weights = oneHot(TEXTS.size(), 0, 3);
        try (LexrayModel model = Lexray.load(dir); SequentialClassifier classifier = ModelLoader.load(dir)) {
            List<Explanation> es = model.explain(TEXTS, ATTN.withTarget(new Target.Index(0)));
            GradientReference.Result valuesOnly = GradientReference.compute(classifier, TEXTS, weights,
                    GradientReference.Mode.ATTN_LRP_VALUES_ONLY);
            for (int i = 0; i < TEXTS.size(); i++) {
                double[] r = Flatten.tokens(es.get(i));
                assertThat(r).containsExactly(Arrays.copyOf(valuesOnly.tokens()[i], r.length),
                        within(1e-8 * Flatten.maxAbs(r)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void withoutBiasesTheSoftmaxRuleLeavesAResidualThatCpLrpDoesNot(Family family) {
        Path dir = TinyTransformers.write(tmp, family, Options.defaults().withZeroBiases());
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> attn = model.explain(TEXTS, ATTN);
            List<Explanation> cp = model.explain(TEXTS, ATTN.withAttention(AttentionRule.CP_LRP));
            double largest = 0;
            for (int i = 0; i < TEXTS.size(); i++) {
                TransformerConservationTest.checkBookkeeping(attn.get(i));
                double scale = Flatten.maxAbs(cp.get(i).logits());
                assertThat(Math.abs(cp.get(i).conservation().residual())).isLessThan(1e-8 * scale);
                largest = Math.max(largest, Math.abs(attn.get(i).conservation().residual()) / scale);
            }
            assertThat(largest).isGreaterThan(1e-3);
        }
    }

    @Test
    void runsOnTheReferenceModels() {
        for (String name : List.of("bert-sst2-tiny", "distilbert-sst2-tiny", "roberta-sst2-tiny",
                "electra-sst2-tiny")) {
            try (LexrayModel model = Lexray.load(SharedData.require("reference/" + name))) {
                List<Explanation> es = model.explain(TransformerParityTest.SENTENCES,
                        ExplainOptions.defaults().withAttention(AttentionRule.ATTN_LRP));
                for (Explanation e : es) {
                    double[] r = Flatten.tokens(e);
                    assertThat(Arrays.stream(r).allMatch(Double::isFinite)).as(name).isTrue();
                    assertThat(Flatten.maxAbs(r)).as(name).isGreaterThan(1e-4);
                    TransformerConservationTest.checkBookkeeping(e);
                }
            }
        }
    }

    static double[][] oneHot(int rows, int c, int classes) {
        double[][] w = new double[rows][classes];
        for (double[] row : w) {
            row[c] = 1;
        }
        return w;
    }
}
