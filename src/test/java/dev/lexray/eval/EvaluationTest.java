package dev.lexray.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.corpus.LabelledText;
import dev.lexray.corpus.Rationale;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.TinyModels;
import dev.lexray.text.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation protocols on a bag-of-words model whose decision is known in closed form: every word has a zero
 * embedding except good (2,0,0,0), great (3,0,0,0), bad (0,2,0,0) and awful (0,3,0,0); mean pooling, a ReLU layer
 * with identity weights and biases (0.05, 0.05, 0, 0), and the classifier of {@link TinyModels#bagMlpSpec()}, so
 * that {@code logit(positive) - logit(negative) = 2 (x0 - x1) - 0.02} for the mean-pooled embedding x.
 */
class EvaluationTest {
    @TempDir
    static Path temp;

    static LexrayModel model;

    static final Evaluation.MethodSpec LRP = new Evaluation.MethodSpec("lrp", ExplainOptions.defaults());
    static final Evaluation.MethodSpec RANDOM = new Evaluation.MethodSpec("random",
            ExplainOptions.defaults().withMethod(new AttributionMethod.Random(3)));

    @BeforeAll
    static void build() {
        TinyModels.Spec spec = TinyModels.bagMlpSpec();
        int d = 4;
        float[] embedding = new float[TinyModels.VOCAB.size() * d];
        embedding[TinyModels.VOCAB.indexOf("good") * d] = 2;
        embedding[TinyModels.VOCAB.indexOf("great") * d] = 3;
        embedding[TinyModels.VOCAB.indexOf("bad") * d + 1] = 2;
        embedding[TinyModels.VOCAB.indexOf("awful") * d + 1] = 3;
        spec.set("embedding.weight", embedding);
        model = Lexray.load(spec.write(temp.resolve("decided")));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** P(positive) for a text whose mean-pooled embedding has x0 = pos / n and x1 = neg / n. */
    static double positive(double pos, double neg, int n) {
        return sigmoid(2 * (pos - neg) / n - 0.02);
    }

    static LabelledText text(String text, String label) {
        return new LabelledText(text, text, label);
    }

    static Evaluation.Config config(List<Evaluation.MethodSpec> methods, Evaluation.Metric... metrics) {
        return Evaluation.Config.defaults(methods).withMetrics(EnumSet.of(metrics[0], metrics));
    }

    @Test
    void theClosedFormMatchesTheModel() {
        assertThat(model.predict("good bad great").probabilities()[1]).isCloseTo(positive(5, 2, 3), within(1e-6));
        assertThat(model.predict("the movie").probabilities()[1]).isCloseTo(positive(0, 0, 2), within(1e-6));
    }

    @Test
    void deletingTheDecisiveWordFirstFlipsEveryCorrectlyClassifiedText() {
        List<LabelledText> texts = List.of(
                text("the movie is good", "positive"),
                text("a good film", "positive"),
                text("the film is bad", "negative"),
                text("the movie is not good", "negative")); // misclassified: "not" means nothing to this model
        EvaluationResult r = Evaluation.run(model, "hand", "test", texts,
                config(List.of(LRP, RANDOM), Evaluation.Metric.DELETION), Evaluation.Progress.none());
        assertThat(r.texts()).isEqualTo(4);
        assertThat(r.accuracy()).isEqualTo(0.75);
        EvaluationResult.Deletion lrp = r.methods().get(0).deletion();
        assertThat(lrp.correct().texts()).isEqualTo(3);
        assertThat(lrp.correct().x()).containsExactly(0, 1, 2, 3, 4, 5);
        // Removing the one word that carries the class leaves only zero embeddings, which the biases score as
        // negative: the two positive texts flip at once, the negative one stays negative.
        assertThat(lrp.correct().accuracy()[0]).isEqualTo(1.0);
        assertThat(lrp.correct().accuracy()[1]).isCloseTo(1.0 / 3, within(1e-12));
        // Misclassified: the least relevant word for "negative" is "good"; deleting it first repairs the decision.
        assertThat(lrp.misclassified().texts()).isEqualTo(1);
        assertThat(lrp.misclassified().accuracy()).containsExactly(0, 1, 1, 1, 1, 1);
        // Fractions: 10% of a 3- to 5-word text is one word, so the first step equals the first deletion.
        assertThat(lrp.correctFractions().accuracy()[1]).isEqualTo(lrp.correct().accuracy()[1]);
        assertThat(r.methods().get(0).aopc()).isNull();
        assertThat(r.methods().get(0).cost().secondsPerText()).isPositive();
    }

    @Test
    void deletingTheDecisiveWordFirstFlipsEveryPositiveTextWhileRandomOrderLags() {
        List<LabelledText> texts = new ArrayList<>();
        for (String t : List.of("the movie is good", "a good film", "good movie", "the film is a good movie",
                "the movie is a great film", "a great movie is a film")) {
            texts.add(text(t, "positive"));
        }
        EvaluationResult r = Evaluation.run(model, "hand", "test", texts,
                config(List.of(LRP, RANDOM), Evaluation.Metric.DELETION), Evaluation.Progress.none());
        double[] lrp = r.methods().get(0).deletion().correct().accuracy();
        double[] random = r.methods().get(1).deletion().correct().accuracy();
        assertThat(lrp[0]).isEqualTo(1.0);
        assertThat(lrp[1]).isEqualTo(0.0);
        assertThat(random[1]).isGreaterThan(lrp[1]);
    }

    @Test
    void aopcOfAThreeWordTextByHand() {
        EvaluationResult r = Evaluation.run(model, "hand", "test", List.of(text("good bad great", "positive")),
                config(List.of(LRP), Evaluation.Metric.AOPC), Evaluation.Progress.none());
        EvaluationResult.Aopc a = r.methods().get(0).aopc();
        // LRP ranks great > good > bad for "positive". Bins 1, 5, 10, 20 % take one word, 50 % takes two.
        double p0 = positive(5, 2, 3);
        double withoutGreat = positive(2, 2, 3);
        double withoutGreatGood = positive(0, 2, 3);
        double onlyGreat = positive(3, 0, 3);
        double onlyGreatGood = positive(5, 0, 3);
        double withoutBad = positive(5, 0, 3);
        double withoutBadGood = positive(3, 0, 3);
        double comp = (4 * (p0 - withoutGreat) + (p0 - withoutGreatGood)) / 5;
        double suff = (4 * (p0 - onlyGreat) + (p0 - onlyGreatGood)) / 5;
        double lerf = (4 * (p0 - withoutBad) + (p0 - withoutBadGood)) / 5;
        assertThat(a.texts()).isEqualTo(1);
        assertThat(a.comprehensiveness()).isCloseTo(comp, within(1e-6));
        assertThat(a.sufficiency()).isCloseTo(suff, within(1e-6));
        assertThat(a.lerfComprehensiveness()).isCloseTo(lerf, within(1e-6));
        assertThat(a.areaBetweenCurves()).isCloseTo(comp - lerf, within(1e-6));
        assertThat(a.morfProbability()).containsExactly(new double[] {p0, withoutGreat, withoutGreat, withoutGreat,
            withoutGreat, withoutGreatGood}, within(1e-6));
        assertThat(a.lerfProbability()[5]).isCloseTo(withoutBadGood, within(1e-6));
        assertThat(a.sufficiencyProbability()[1]).isCloseTo(onlyGreat, within(1e-6));
    }

    @Test
    void aopcExplainsThePredictedClassOfAMisclassifiedText() {
        // Labelled negative, predicted positive: AOPC follows the prediction, so it is the same as for "positive".
        EvaluationResult wrong = Evaluation.run(model, "hand", "test", List.of(text("good bad great", "negative")),
                config(List.of(LRP), Evaluation.Metric.AOPC), Evaluation.Progress.none());
        EvaluationResult right = Evaluation.run(model, "hand", "test", List.of(text("good bad great", "positive")),
                config(List.of(LRP), Evaluation.Metric.AOPC), Evaluation.Progress.none());
        assertThat(wrong.accuracy()).isZero();
        assertThat(wrong.methods().get(0).aopc().comprehensiveness())
                .isCloseTo(right.methods().get(0).aopc().comprehensiveness(), within(1e-9));
    }

    @Test
    void plausibilityOfAHandMadeRationale() {
        String t = "the movie is good and great";
        // The annotator marked "good" and "great" (as two spans); LRP ranks exactly these two on top.
        LabelledText marked = new LabelledText("r1", t, "positive",
                List.of(new Rationale(List.of(new Span(13, 17), new Span(22, 27)))));
        LabelledText none = text("the film is bad", "negative"); // no rationale: not scored
        EvaluationResult r = Evaluation.run(model, "hand", "test", List.of(marked, none),
                config(List.of(LRP), Evaluation.Metric.PLAUSIBILITY), Evaluation.Progress.none());
        EvaluationResult.PlausibilityResult p = r.methods().get(0).plausibility();
        assertThat(p.texts()).isEqualTo(1);
        assertThat(p.auprc()).isCloseTo(1, within(1e-12));
        assertThat(p.averagePrecision()).isCloseTo(1, within(1e-12));
        assertThat(p.tokenF1()).isCloseTo(1, within(1e-12));
        assertThat(p.iouF1()).isCloseTo(1, within(1e-12));
    }

    @Test
    void randomizationLeavesTheRandomControlUnchangedAndChangesLrp() {
        LexrayModel bilstm = Lexray.load(RandomModels.write(temp.resolve("bilstm"),
                RandomModels.recurrent("bilstm", 1, "final", 5)));
        try (bilstm) {
            List<LabelledText> texts = new ArrayList<>();
            for (String s : RandomModels.TEXTS) {
                texts.add(text(s, "a"));
            }
            EvaluationResult r = Evaluation.run(bilstm, "hand", "test", texts,
                    config(List.of(LRP, RANDOM), Evaluation.Metric.RANDOMIZATION), Evaluation.Progress.none());
            EvaluationResult.Randomization lrp = r.methods().get(0).randomization();
            EvaluationResult.Randomization random = r.methods().get(1).randomization();
            assertThat(lrp.stages()).extracting(EvaluationResult.Stage::layer)
                    .containsExactly("classifier", "lstm.0", "embedding");
            assertThat(lrp.stages().get(2).randomized()).containsExactly("classifier", "lstm.0", "embedding");
            assertThat(random.stages()).allSatisfy(s -> assertThat(s.spearman()).isCloseTo(1.0, within(1e-12)));
            assertThat(random.flagged()).isTrue();
            assertThat(lrp.stages().get(2).spearman()).isLessThan(0.5);
            assertThat(lrp.flagged()).isFalse();
        }
    }

    @Test
    void sameModelCorrelatesPerfectlyAndARandomisedOneLess() {
        LexrayModel bilstm = Lexray.load(RandomModels.write(temp.resolve("bilstm2"),
                RandomModels.recurrent("bilstm", 1, "final", 6)));
        ModelProbe probe = ModelProbe.of(bilstm);
        try (bilstm; LexrayModel same = probe.withRandomizedLayers(List.of(), 1);
                LexrayModel random = probe.withRandomizedLayers(probe.weightedLayers(), 1)) {
            List<String> texts = RandomModels.TEXTS.stream().filter(t -> t.split(" ").length > 2).toList();
            ExplainOptions o = ExplainOptions.defaults().withTarget(dev.lexray.Target.parse("a"));
            List<Explanation> a = bilstm.explain(texts, o);
            List<Explanation> b = same.explain(texts, o);
            List<Explanation> c = random.explain(texts, o);
            double sameMean = 0;
            double randomMean = 0;
            for (int i = 0; i < texts.size(); i++) {
                sameMean += Rankings.spearman(a.get(i).relevances(), b.get(i).relevances()) / texts.size();
                randomMean += Rankings.spearman(a.get(i).relevances(), c.get(i).relevances()) / texts.size();
            }
            assertThat(sameMean).isCloseTo(1.0, within(1e-12));
            assertThat(randomMean).isLessThan(0.5);
        }
    }

    @Test
    void unknownCorpusLabelsMustBeMapped() {
        List<LabelledText> texts = List.of(text("good", "pos"), text("bad", "neg"), text("the film", "neutral"));
        Evaluation.Config c = config(List.of(LRP), Evaluation.Metric.DELETION);
        assertThatThrownBy(() -> Evaluation.run(model, "hand", "test", texts, c, Evaluation.Progress.none()))
                .isInstanceOf(LexrayException.class).hasMessageContaining("--label-map 'pos=LABEL'");
        EvaluationResult r = Evaluation.run(model, "hand", "test", texts,
                c.withLabelMap(Map.of("pos", "positive", "neg", "negative", "neutral", "")),
                Evaluation.Progress.none());
        assertThat(r.texts()).isEqualTo(2);
        assertThat(r.accuracy()).isEqualTo(1.0);
    }

    @Test
    void perturbationsOfOneTextMatchPredictions() {
        // Zeroing a word's embedding is the unknown word (its embedding is zero); deleting it is the shorter text.
        String t = "good movie bad great";
        List<boolean[]> masks = List.of(new boolean[] {false, false, false, false},
                new boolean[] {true, false, false, false}, new boolean[] {false, true, true, true});
        ModelProbe probe = ModelProbe.of(model);
        double[][] zero = probe.logitsWithout(t, masks, Removal.ZERO_EMBEDDING);
        double[][] unk = probe.logitsWithout(t, masks, Removal.UNK);
        double[][] deleted = probe.logitsWithout(t, masks, Removal.DELETE);
        assertThat(zero[0]).containsExactly(model.predict(t).logits(), within(1e-6));
        assertThat(zero[1]).containsExactly(model.predict("xyz movie bad great").logits(), within(1e-6));
        assertThat(unk[2]).containsExactly(model.predict("good xyz xyz xyz").logits(), within(1e-6));
        assertThat(zero[2]).containsExactly(unk[2], within(1e-6));
        assertThat(deleted[1]).containsExactly(model.predict("movie bad great").logits(), within(1e-6));
        assertThat(deleted[2]).containsExactly(model.predict("good").logits(), within(1e-6));
    }
}
