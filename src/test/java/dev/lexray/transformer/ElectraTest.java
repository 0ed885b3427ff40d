package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.model.DenseLayer;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.Layer;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Tensor;
import dev.lexray.model.TransformerEmbeddingLayer;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.TinyTransformers.Family;
import dev.lexray.testing.TinyTransformers.Options;
import dev.lexray.testing.TinyTransformers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ElectraForSequenceClassification} without ../shared: a tiny random ELECTRA whose embeddings (8 wide) are
 * narrower than its encoder (12), so {@code electra.embeddings_project} sits between them. The reference model's
 * logits, conservation and gradient agreement are checked with the other encoders (TransformerParityTest,
 * BiasFactorConservationTest, GradientAgreementTest).
 */
class ElectraTest {
    static final int EMBEDDING = 8;

    @TempDir
    static Path tmp;

    @Test
    void theProjectionIsADenseLayerBetweenEmbeddingsAndEncoder() {
        try (SequentialClassifier model = ModelLoader.load(write("electra", EMBEDDING, true))) {
            List<Layer> layers = model.layers();
            assertThat(layers.get(0)).isInstanceOf(TransformerEmbeddingLayer.class);
            assertThat(layers.get(1)).isInstanceOfSatisfying(DenseLayer.class, d -> {
                assertThat(d.name()).isEqualTo("embeddings_project");
                assertThat(d.weightName()).isEqualTo("electra.embeddings_project.weight");
                assertThat(d.activation()).isEqualTo(DenseLayer.Activation.IDENTITY);
            });
            assertThat(layers.get(2)).isInstanceOf(EncoderLayer.class);
            DenseLayer head = (DenseLayer) layers.get(layers.size() - 2);
            assertThat(head.weightName()).isEqualTo("classifier.dense.weight");
            assertThat(head.activation()).isEqualTo(DenseLayer.Activation.GELU);
        }
    }

    @Test
    void withoutAProjectionWhenTheWidthsAgree() {
        try (SequentialClassifier model = ModelLoader.load(write("electra-same", Options.defaults().hidden(),
                false))) {
            assertThat(model.layers().get(1)).isInstanceOf(EncoderLayer.class);
        }
    }

    @Test
    void aMissingProjectionIsNamed() {
        Path dir = write("electra-noproj", EMBEDDING, false);
        assertThatThrownBy(() -> Lexray.load(dir)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("electra.embeddings_project.weight");
    }

    /** Bias factor 1 conserves through the projection (its bias included), with both attention rules. */
    @Test
    void bothRulesConserveWithBiasFactorOne() {
        try (LexrayModel model = Lexray.load(write("electra", EMBEDDING, true))) {
            BiasFactorConservationTest.checkAll(model);
        }
    }

    /** CP-LRP and AttnLRP are gradient x input of their views of the network, the projection included. */
    @Test
    void bothRulesAreGradientTimesInput() {
        Path dir = write("electra", EMBEDDING, true);
        GradientAgreementTest.check(dir, GradientAgreementTest.TINY_TEXTS, AttentionRule.CP_LRP, 3);
        GradientAgreementTest.check(dir, GradientAgreementTest.TINY_TEXTS, AttentionRule.ATTN_LRP, 3);
    }

    /**
     * A tiny BERT's encoder renamed as ELECTRA's, with embeddings {@code embedding} wide, the projection when
     * {@code project}, and ELECTRA's head.
     */
    static Path write(String name, int embedding, boolean project) {
        Options o = Options.defaults();
        int h = o.hidden();
        ObjectNode config = TinyTransformers.config(Family.BERT, o);
        config.put("model_type", "electra");
        config.putArray("architectures").add("ElectraForSequenceClassification");
        config.put("embedding_size", embedding);
        Random random = new Random(11);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : TinyTransformers.tensors(Family.BERT, o).entrySet()) {
            String n = e.getKey();
            if (n.startsWith("bert.pooler.")) {
                continue;
            }
            String renamed = n.startsWith("bert.") ? "electra." + n.substring(5) : n.replace("classifier.",
                    "classifier.out_proj.");
            Tensor t = e.getValue();
            if (renamed.startsWith("electra.embeddings.")) {
                long[] shape = t.shape().clone();
                shape[shape.length - 1] = embedding;
                boolean norm = renamed.contains("LayerNorm");
                t = random(renamed, shape, random, norm && renamed.endsWith("weight") ? 1 : 0,
                        norm ? 0.2 : 1);
            }
            tensors.put(renamed, new Tensor(renamed, t.shape(), t.values()));
        }
        if (project) {
            tensors.put("electra.embeddings_project.weight", random("electra.embeddings_project.weight",
                    new long[] {h, embedding}, random, 0, 1 / Math.sqrt(embedding)));
            tensors.put("electra.embeddings_project.bias", random("electra.embeddings_project.bias",
                    new long[] {h}, random, 0, 0.2));
        }
        tensors.put("classifier.dense.weight", random("classifier.dense.weight", new long[] {h, h}, random, 0,
                1 / Math.sqrt(h)));
        tensors.put("classifier.dense.bias", random("classifier.dense.bias", new long[] {h}, random, 0, 0.2));
        return TinyTransformers.write(tmp.resolve(name), config, tensors, TinyTransformers.tokenizerJson(
                Family.BERT));
    }

    private static Tensor random(String name, long[] shape, Random random, double mean, double std) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (mean + random.nextGaussian() * std);
        }
        return new Tensor(name, shape, v);
    }
}
