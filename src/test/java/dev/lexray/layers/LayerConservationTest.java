package dev.lexray.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.LayerRelevance;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Neuron;
import dev.lexray.Precision;
import dev.lexray.Prediction;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.RandomModels;
import dev.lexray.testing.SharedData;
import dev.lexray.testing.TinyTransformers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conservation layer by layer ({@code --layers}): with bias factor 1 the relevance entering every layer equals the
 * explained score, taken from a separate {@code predict}, to float64 precision (less what recurrent initial states
 * above it took); with bias factor 0 the layers' {@code absorbed} account for the whole gap between the score and the
 * words. Attention heads sum to what the residual gave the attention block (bias factor 1), token positions sum to
 * the layer's total, and the words are the same with and without layers. Every architecture: recurrent (LSTM, GRU,
 * bidirectional, stacked), embedding-bag MLP, BERT / DistilBERT / RoBERTa, and the Qwen2, GPT-2 and ELECTRA
 * references where the shared data is present.
 */
class LayerConservationTest {
    static final List<String> TRANSFORMER_TEXTS = List.of("the movie was not very good",
            "i love this film , the acting is great !", "boring plot but fun",
            // longer than the tiny models' window of 16: explained in overlapping windows
            "the movie was not very good but the acting is great and the plot was fun , i love this film a lot");

    @TempDir
    static Path temp;

    static Stream<RandomModels.Spec> wordLevel() {
        List<RandomModels.Spec> specs = new ArrayList<>();
        long seed = 300;
        for (String arch : List.of("lstm", "bilstm", "gru", "bigru")) {
            specs.add(RandomModels.recurrent(arch, 2, "mean", seed++));
            specs.add(RandomModels.recurrent(arch, 1, "max", seed++));
        }
        specs.add(RandomModels.bag(List.of(7, 5), "relu", "mean", seed++));
        specs.add(RandomModels.bag(List.of(6), "tanh", "sum", seed));
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wordLevel")
    void wordLevelModelsConserveLayerByLayer(RandomModels.Spec spec) {
        Path dir = RandomModels.write(temp.resolve("w" + spec.seed()), spec);
        try (LexrayModel model = Lexray.load(dir)) {
            checkAll(model, RandomModels.TEXTS, null);
        }
    }

    @ParameterizedTest
    @EnumSource(TinyTransformers.Family.class)
    void tinyTransformersConserveLayerByLayer(TinyTransformers.Family family) {
        Path dir = TinyTransformers.write(temp.resolve("t"), family);
        try (LexrayModel model = Lexray.load(dir)) {
            checkAll(model, TRANSFORMER_TEXTS, 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference/qwen2-sst2-tiny", "reference/gpt2-sst2-tiny", "reference/electra-sst2-tiny",
        "reference/bag-mlp-sst2"})
    void referenceModelsConserveLayerByLayer(String name) {
        Path dir = SharedData.require(name);
        try (LexrayModel model = Lexray.load(dir)) {
            checkAll(model, TRANSFORMER_TEXTS.subList(0, 3), null);
        }
    }

    /** In float32 the layers conserve to float32 precision (1e-4 relative to the largest logit). */
    @Test
    void float32ConservesToFloatPrecision() {
        Path rnn = RandomModels.write(temp.resolve("f32"), RandomModels.recurrent("bigru", 2, "mean", 91));
        Path bert = TinyTransformers.write(temp.resolve("f32t"), TinyTransformers.Family.DISTILBERT);
        for (Path dir : List.of(rnn, bert)) {
            try (LexrayModel model = Lexray.load(dir)) {
                List<String> texts = model.isRecurrent() ? RandomModels.TEXTS : TRANSFORMER_TEXTS;
                List<Prediction> predictions = model.predict(texts);
                List<Explanation> es = model.explain(texts, ExplainOptions.defaults().withEpsilon(0.01, 1)
                        .withLayers(true));
                for (int i = 0; i < texts.size(); i++) {
                    double[] logits = predictions.get(i).logits();
                    double scale = Arrays.stream(logits).map(Math::abs).max().orElseThrow();
                    double score = logits[es.get(i).target().index()];
                    double states = 0;
                    for (LayerRelevance l : es.get(i).layers()) {
                        assertThat(l.relevanceSum()).as("%s %s", texts.get(i), l.name())
                                .isCloseTo(score - states, within(1e-4 * Math.max(1, scale)));
                        states += l.initialState() == null ? 0 : l.initialState();
                    }
                }
            }
        }
    }

    @Test
    void layersAreAbsentUnlessAskedForAndChangeNoWord() {
        Path dir = RandomModels.write(temp.resolve("absent"), RandomModels.recurrent("bilstm", 1, "mean", 77));
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions o = ExplainOptions.defaults().withPrecision(Precision.FLOAT64);
            List<Explanation> plain = model.explain(RandomModels.TEXTS, o);
            List<Explanation> layered = model.explain(RandomModels.TEXTS, o.withLayers(true));
            for (int i = 0; i < plain.size(); i++) {
                assertThat(plain.get(i).layers()).isNull();
                assertThat(plain.get(i).pieces()).isNull();
                assertThat(layered.get(i).relevances()).containsExactly(plain.get(i).relevances());
                assertThat(layered.get(i).layers()).extracting(LayerRelevance::kind)
                        .containsExactly("dense", "pooling-mean", "lstm", "embedding");
                assertThat(layered.get(i).pieces()).hasSize(plain.get(i).tokens().size());
            }
        }
    }

    /** Padding changes nothing: a batch of texts of every length gives each text's layers as explaining it alone. */
    @Test
    void batchedLayersEqualSingleOnes() {
        Path dir = RandomModels.write(temp.resolve("batch"), RandomModels.recurrent("bilstm", 2, "max", 55));
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions o = ExplainOptions.defaults().withPrecision(Precision.FLOAT64).withTopNeurons(100);
            List<Explanation> batched = model.explain(RandomModels.TEXTS, o.withBatchSize(16));
            for (int i = 0; i < RandomModels.TEXTS.size(); i++) {
                List<LayerRelevance> alone = model.explain(RandomModels.TEXTS.get(i), o.withBatchSize(1)).layers();
                List<LayerRelevance> inBatch = batched.get(i).layers();
                for (int l = 0; l < alone.size(); l++) {
                    assertThat(inBatch.get(l).relevanceSum()).isCloseTo(alone.get(l).relevanceSum(), within(1e-9));
                    if (alone.get(l).positions() != null) {
                        assertThat(inBatch.get(l).positions()).containsExactly(alone.get(l).positions(),
                                within(1e-9));
                    }
                    if (alone.get(l).neurons() != null) {
                        List<Neuron> a = alone.get(l).neurons();
                        List<Neuron> b = inBatch.get(l).neurons();
                        for (int n = 0; n < a.size(); n++) {
                            assertThat(b.get(n).index()).isEqualTo(a.get(n).index());
                            assertThat(b.get(n).activation()).isCloseTo(a.get(n).activation(), within(1e-9));
                            assertThat(b.get(n).word()).isEqualTo(a.get(n).word());
                        }
                    }
                }
            }
        }
    }

    /** Every class at once gives the same layers as one class at a time. */
    @Test
    void everyClassGivesTheSameLayers() {
        Path dir = TinyTransformers.write(temp.resolve("every"), TinyTransformers.Family.BERT);
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions o = ExplainOptions.defaults().withPrecision(Precision.FLOAT64).withLayers(true);
            List<List<Explanation>> every = model.explainEveryClass(TRANSFORMER_TEXTS, o);
            for (int k = 0; k < model.labels().size(); k++) {
                List<Explanation> one = model.explain(TRANSFORMER_TEXTS, o.withTarget(Target.parse(
                        String.valueOf(k), model.labels())));
                for (int i = 0; i < one.size(); i++) {
                    List<LayerRelevance> a = one.get(i).layers();
                    List<LayerRelevance> b = every.get(i).get(k).layers();
                    for (int l = 0; l < a.size(); l++) {
                        assertThat(b.get(l).relevanceSum()).isCloseTo(a.get(l).relevanceSum(), within(1e-9));
                        if (a.get(l).positions() != null) {
                            assertThat(b.get(l).positions()).containsExactly(a.get(l).positions(), within(1e-9));
                        }
                    }
                }
            }
        }
    }

    /**
     * @param heads the number of attention heads of the transformer layers, where known (null: any)
     */
    static void checkAll(LexrayModel model, List<String> texts, Integer heads) {
        List<Prediction> predictions = model.predict(texts, ExplainOptions.defaults()
                .withPrecision(Precision.FLOAT64));
        List<AttentionRule> rules = !model.isRecurrent() ? List.of(AttentionRule.values())
                : List.of(AttentionRule.CP_LRP);
        for (AttentionRule attention : rules) {
            ExplainOptions o = ExplainOptions.defaults().withEpsilon(0.01, 1).withAttention(attention)
                    .withPrecision(Precision.FLOAT64).withTopNeurons(1000).withBatchSize(3);
            List<Explanation> conserving = model.explain(texts, o);
            List<Explanation> absorbing = model.explain(texts, o.withEpsilon(0.01, 0).withAttention(attention));
            double largestAbsorbed = 0;
            for (int i = 0; i < texts.size(); i++) {
                Explanation e = conserving.get(i);
                String what = attention + " " + texts.get(i);
                double score = predictions.get(i).logits()[e.target().index()];
                double tolerance = 1e-9 * Math.max(1, Math.abs(score));
                double states = 0;
                for (LayerRelevance l : e.layers()) {
                    assertThat(l.relevanceSum()).as("%s: %s", what, l.name()).isCloseTo(score - states,
                            within(1e-6 * Math.max(1, Math.abs(score))));
                    assertThat(l.absorbed()).as("%s: %s", what, l.name()).isCloseTo(0, within(tolerance));
                    states += l.initialState() == null ? 0 : l.initialState();
                    checkParts(e, l, what, tolerance, heads, true);
                }
                checkBookkeeping(e, tolerance);
                Explanation a = absorbing.get(i);
                checkBookkeeping(a, tolerance);
                for (LayerRelevance l : a.layers()) {
                    largestAbsorbed = Math.max(largestAbsorbed, Math.abs(l.absorbed()));
                    checkParts(a, l, what, tolerance, heads, false);
                }
            }
            // bias factor 0 does leave something in the layers: the checks above can fail
            assertThat(largestAbsorbed).isGreaterThan(1e-5);
        }
    }

    /**
     * The first layer receives the target score; each layer hands down what entered it less what it absorbed and
     * what its initial states took; below the last, the words and special tokens hold the rest.
     */
    private static void checkBookkeeping(Explanation e, double tolerance) {
        List<LayerRelevance> layers = e.layers();
        assertThat(layers.get(0).relevanceSum()).isCloseTo(e.conservation().targetScore(), within(tolerance));
        assertThat(layers.get(layers.size() - 1).kind()).isEqualTo("embedding");
        for (int l = 0; l + 1 < layers.size(); l++) {
            LayerRelevance here = layers.get(l);
            double states = here.initialState() == null ? 0 : here.initialState();
            assertThat(layers.get(l + 1).relevanceSum()).isCloseTo(here.relevanceSum() - here.absorbed() - states,
                    within(tolerance));
        }
        LayerRelevance last = layers.get(layers.size() - 1);
        double words = Arrays.stream(e.relevances()).sum();
        double special = e.specialTokens() == null ? 0
                : e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
        assertThat(words + special).as(e.text()).isCloseTo(last.relevanceSum() - last.absorbed(), within(tolerance));
        double initial = layers.stream().mapToDouble(l -> l.initialState() == null ? 0 : l.initialState()).sum();
        assertThat(initial).isCloseTo(e.conservation().initialState(), within(tolerance));
    }

    /** Positions, heads and neurons of one layer against its totals. */
    private static void checkParts(Explanation e, LayerRelevance l, String what, double tolerance, Integer heads,
            boolean conserving) {
        if (l.positions() != null) {
            assertThat(l.positions()).hasSize(e.pieces().size());
            assertThat(Arrays.stream(l.positions()).sum()).as("%s: %s positions", what, l.name())
                    .isCloseTo(l.relevanceSum(), within(tolerance));
        }
        boolean attentionLayer = List.of("encoder", "decoder", "gpt2-block").contains(l.kind());
        assertThat(l.heads() != null).as(l.kind()).isEqualTo(attentionLayer);
        assertThat(l.attention() != null).isEqualTo(attentionLayer);
        if (attentionLayer) {
            if (heads != null) {
                assertThat(l.heads()).hasSize(heads);
            }
            if (conserving) {
                assertThat(Arrays.stream(l.heads()).sum()).as("%s: %s heads", what, l.name())
                        .isCloseTo(l.attention(), within(tolerance));
            }
        }
        boolean units = l.kind().equals("dense") || l.kind().equals("lstm") || l.kind().equals("gru");
        assertThat(l.neurons() != null).as(l.kind()).isEqualTo(units);
        if (units) {
            List<Neuron> neurons = l.neurons();
            assertThat(neurons.stream().mapToDouble(Neuron::relevance).sum()).as("%s: %s neurons", what, l.name())
                    .isCloseTo(l.relevanceSum(), within(tolerance));
            for (int n = 0; n + 1 < neurons.size(); n++) {
                assertThat(Math.abs(neurons.get(n).relevance())).isGreaterThanOrEqualTo(
                        Math.abs(neurons.get(n + 1).relevance()));
            }
            if (l.kind().equals("dense") && l.name().equals(e.layers().get(0).name())) {
                // the output layer's units are the logits; only the explained one receives relevance
                Neuron top = neurons.get(0);
                assertThat(top.index()).isEqualTo(e.target().index());
                assertThat(top.activation()).isCloseTo(e.logits()[e.target().index()], within(1e-5));
            }
            if (!l.kind().equals("dense") && e.tokens().size() > 0) {
                assertThat(neurons.get(0).word()).isIn(e.pieces());
            }
        }
    }
}
