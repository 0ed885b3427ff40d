package dev.lexray.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.Target;
import dev.lexray.lrp.ZeroRule;
import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each baseline attribution method against values computed by hand or by a second route, on tiny seeded models:
 * a linear bag of words (sum pooling, no hidden layer), a bias-free ReLU bag MLP, a tanh bag MLP (smooth) and a
 * BiLSTM.
 */
class BaselinesTest {
    @TempDir
    static Path temp;

    static RandomModels.Spec linearSpec;
    static LexrayModel linear;
    static LexrayModel reluNoBias;
    static LexrayModel tanh;
    static LexrayModel bilstm;

    static final List<String> TEXTS = RandomModels.TEXTS.subList(1, 8);

    @BeforeAll
    static void models() {
        linearSpec = RandomModels.bag(List.of(), "relu", "sum", 21);
        linear = Lexray.load(RandomModels.write(temp.resolve("linear"), linearSpec));
        reluNoBias = Lexray.load(RandomModels.write(temp.resolve("relu"),
                RandomModels.bag(List.of(7, 5), "relu", "sum", 22).withBiases(false)));
        tanh = Lexray.load(RandomModels.write(temp.resolve("tanh"),
                RandomModels.bag(List.of(6), "tanh", "mean", 23).withScale(1.0)));
        bilstm = Lexray.load(RandomModels.write(temp.resolve("bilstm"), RandomModels.recurrent("bilstm", 1, "final", 24)));
    }

    @AfterAll
    static void close() {
        for (LexrayModel m : List.of(linear, reluNoBias, tanh, bilstm)) {
            m.close();
        }
    }

    static ExplainOptions with(AttributionMethod m) {
        return ExplainOptions.defaults().withMethod(m).withPrecision(Precision.FLOAT64).withBatchSize(3);
    }

    /** The linear model's score of class c for one word: W_c . e_word (UNK and PAD embeddings are zero). */
    static double contribution(String word, int c) {
        Map<String, Tensor> w = RandomModels.tensors(linearSpec);
        double[][] emb = RandomModels.matrix(w.get("embedding.weight"));
        double[][] cls = RandomModels.matrix(w.get("classifier.weight"));
        int id = RandomModels.ids(word)[0];
        double s = 0;
        for (int k = 0; k < cls[c].length; k++) {
            s += cls[c][k] * emb[id][k];
        }
        return s;
    }

    @Test
    void gradientIsTheSquaredNormOfTheClassifierRowOnALinearBag() {
        Map<String, Tensor> w = RandomModels.tensors(linearSpec);
        double[][] cls = RandomModels.matrix(w.get("classifier.weight"));
        for (Explanation e : linear.explain(TEXTS, with(new AttributionMethod.Gradient()))) {
            double norm = Arrays.stream(cls[e.target().index()]).map(x -> x * x).sum();
            assertThat(e.method()).isEqualTo("gradient");
            for (double r : e.relevances()) {
                assertThat(r).isCloseTo(norm, within(1e-9));
            }
        }
    }

    @Test
    void gradientTimesInputEqualsLrpZeroOnABiasFreeReluBag() {
        List<Explanation> gxi = reluNoBias.explain(TEXTS, with(new AttributionMethod.GradientXInput()));
        List<Explanation> lrp = reluNoBias.explain(TEXTS, ExplainOptions.defaults().withRule(new ZeroRule(0))
                .withPrecision(Precision.FLOAT64));
        for (int i = 0; i < TEXTS.size(); i++) {
            // equal up to zennit's 1e-6 stabiliser, which LRP adds to the pooled value of mean/sum pooling
            assertThat(gxi.get(i).relevances()).as(TEXTS.get(i))
                    .containsExactly(lrp.get(i).relevances(), within(1e-4));
        }
    }

    @Test
    void integratedGradientsEqualsGradientTimesInputOnALinearModelForAnyNumberOfSteps() {
        List<Explanation> gxi = linear.explain(TEXTS, with(new AttributionMethod.GradientXInput()));
        for (int steps : new int[] {1, 7}) {
            for (AttributionMethod.Baseline b : AttributionMethod.Baseline.values()) {
                List<Explanation> ig = linear.explain(TEXTS, with(new AttributionMethod.IntegratedGradients(steps, b)));
                for (int i = 0; i < TEXTS.size(); i++) {
                    assertThat(ig.get(i).relevances()).containsExactly(gxi.get(i).relevances(), within(1e-9));
                    assertThat(ig.get(i).conservation().residual()).isCloseTo(0, within(1e-9));
                }
            }
        }
    }

    @Test
    void integratedGradientsCompletenessGapVanishesAsStepsGrowOnASmoothModel() {
        double previous = Double.POSITIVE_INFINITY;
        double last = 0;
        for (int steps : new int[] {1, 4, 16, 64}) {
            double gap = 0;
            ExplainOptions options = with(new AttributionMethod.IntegratedGradients(steps,
                    AttributionMethod.Baseline.ZERO));
            List<Explanation> es = tanh.explain(TEXTS, options);
            List<Prediction> forward = tanh.predict(TEXTS, options);
            for (int i = 0; i < es.size(); i++) {
                Explanation e = es.get(i);
                // Completeness: the words share f(x) - f(baseline); the residual is what they miss. f(x) from a
                // forward pass of its own, f(baseline) with every word's embedding zeroed (float32, hence 1e-5).
                int target = e.target().index();
                boolean[] all = new boolean[e.tokens().size()];
                Arrays.fill(all, true);
                double baseline = ModelProbe.of(tanh).logitsWithout(e.text(), List.of(all), Removal.ZERO_EMBEDDING)[0][target];
                double gapScore = forward.get(i).logits()[target] - baseline;
                double tol = 1e-5 * Math.max(1, Math.abs(gapScore));
                assertThat(e.conservation().targetScore()).as(e.text()).isCloseTo(gapScore, within(tol));
                assertThat(e.conservation().residual()).as(e.text())
                        .isCloseTo(gapScore - Arrays.stream(e.relevances()).sum(), within(tol));
                gap = Math.max(gap, Math.abs(e.conservation().residual()));
            }
            assertThat(gap).as("%d steps", steps).isLessThan(previous);
            previous = gap;
            last = gap;
        }
        assertThat(last).isLessThan(1e-3);
    }

    @Test
    void occlusionOnALinearBagIsEachWordsContribution() {
        for (AttributionMethod.OcclusionMode mode : AttributionMethod.OcclusionMode.values()) {
            for (Explanation e : linear.explain(TEXTS, with(new AttributionMethod.Occlusion(mode)))) {
                String[] words = e.text().split(" ");
                for (int i = 0; i < words.length; i++) {
                    assertThat(e.relevances()[i]).as("%s %s", mode, words[i])
                            .isCloseTo(contribution(words[i], e.target().index()), within(1e-9));
                }
            }
        }
    }

    @Test
    void occlusionIsTheScoreDropComputedWithPredict() {
        for (AttributionMethod.OcclusionMode mode : AttributionMethod.OcclusionMode.values()) {
            for (Explanation e : bilstm.explain(TEXTS, with(new AttributionMethod.Occlusion(mode)))) {
                String[] words = e.text().split(" ");
                int c = e.target().index();
                double full = bilstm.predict(e.text()).logits()[c];
                for (int i = 0; i < words.length; i++) {
                    List<String> edited = new ArrayList<>(Arrays.asList(words));
                    if (mode == AttributionMethod.OcclusionMode.DELETE) {
                        edited.remove(i);
                    } else {
                        // [PAD] and [UNK] both have zero embeddings in these models: an unknown word stands for both.
                        edited.set(i, "unknownword");
                    }
                    double occluded = bilstm.predict(String.join(" ", edited)).logits()[c];
                    assertThat(e.relevances()[i]).as("%s %s in '%s'", mode, words[i], e.text())
                            .isCloseTo(full - occluded, within(1e-5));
                }
            }
        }
    }

    @Test
    void limeRecoversTheWeightsOfALinearBag() {
        List<String> texts = List.of("the acting was great but the plot was terrible", "not bad and really fun");
        for (Explanation e : linear.explain(texts, with(new AttributionMethod.Lime(1000, 5))
                .withTarget(Target.parse("b")))) {
            String[] words = e.text().split(" ");
            for (int i = 0; i < words.length; i++) {
                double truth = contribution(words[i], 1);
                // Ridge regression (alpha 1) shrinks slightly; the fit itself is exact (the score is linear).
                assertThat(e.relevances()[i]).as(words[i]).isCloseTo(truth, within(0.02 + 0.02 * Math.abs(truth)));
            }
        }
    }

    @Test
    void limeIsDeterministicForASeedAndIndependentOfTheBatch() {
        ExplainOptions o = with(new AttributionMethod.Lime(200, 3));
        List<Explanation> batch = bilstm.explain(TEXTS, o);
        List<Explanation> again = bilstm.explain(TEXTS, o.withBatchSize(1));
        List<Explanation> other = bilstm.explain(TEXTS, with(new AttributionMethod.Lime(200, 4)));
        boolean differs = false;
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(again.get(i).relevances()).containsExactly(batch.get(i).relevances(), within(1e-12));
            assertThat(bilstm.explain(TEXTS.get(i), o).relevances())
                    .containsExactly(batch.get(i).relevances(), within(1e-12));
            differs |= !Arrays.equals(other.get(i).relevances(), batch.get(i).relevances());
        }
        assertThat(differs).as("another seed draws other samples").isTrue();
    }

    @Test
    void randomIsSeededPerTextAndDoesNotDependOnTheModel() {
        ExplainOptions o = with(new AttributionMethod.Random(9));
        List<Explanation> a = bilstm.explain(TEXTS, o);
        List<Explanation> b = linear.explain(TEXTS, o.withBatchSize(1));
        List<Explanation> c = bilstm.explain(TEXTS, with(new AttributionMethod.Random(10)));
        for (int i = 0; i < TEXTS.size(); i++) {
            assertThat(b.get(i).relevances()).containsExactly(a.get(i).relevances());
            assertThat(c.get(i).relevances()).isNotEqualTo(a.get(i).relevances());
            assertThat(a.get(i).method()).isEqualTo("random");
        }
    }
}
