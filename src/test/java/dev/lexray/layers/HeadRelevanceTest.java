package dev.lexray.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.LayerRelevance;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.model.Tensor;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A head whose output the layer's output projection ignores (its columns of {@code attention.output.dense} zeroed)
 * carries no relevance under either attention rule, while the other head and the other layer's heads do: the
 * per-head numbers are the heads', not a share of the layer's total. Bias factor 0: with bias factor 1 the
 * projection's bias share goes evenly to all its inputs, the silenced head's included, as Arras et al.'s rule says.
 */
class HeadRelevanceTest {
    @TempDir
    static Path temp;

    @ParameterizedTest
    @EnumSource(value = Family.class, names = {"BERT", "ROBERTA"})
    void aSilencedHeadCarriesNothing(Family family) {
        TinyTransformers.Options o = TinyTransformers.Options.defaults(); // hidden 12, 2 heads of 6, 2 layers
        Map<String, Tensor> tensors = new LinkedHashMap<>(TinyTransformers.tensors(family, o));
        String key = tensors.keySet().stream().filter(k -> k.endsWith("encoder.layer.1.attention.output.dense.weight"))
                .findFirst().orElseThrow();
        Tensor w = tensors.get(key);
        float[] values = w.values().clone();
        int h = o.hidden();
        for (int row = 0; row < h; row++) {
            for (int col = h / 2; col < h; col++) {
                values[row * h + col] = 0; // head 1 of layer 1 reaches nothing
            }
        }
        tensors.put(key, new Tensor(key, w.shape(), values));
        Path dir = TinyTransformers.write(temp.resolve(family.modelType()), TinyTransformers.config(family, o),
                tensors, TinyTransformers.tokenizerJson(family));
        try (LexrayModel model = Lexray.load(dir)) {
            for (AttentionRule rule : AttentionRule.values()) {
                for (double bf : new double[] {0}) {
                    ExplainOptions options = ExplainOptions.defaults().withEpsilon(0.01, bf).withAttention(rule)
                            .withPrecision(Precision.FLOAT64).withLayers(true);
                    for (Explanation e : model.explain(LayerConservationTest.TRANSFORMER_TEXTS, options)) {
                        List<LayerRelevance> encoders = e.layers().stream()
                                .filter(l -> l.kind().equals("encoder")).toList();
                        // from the output down: layer 1 first
                        double[] silenced = encoders.get(0).heads();
                        double[] other = encoders.get(1).heads();
                        assertThat(silenced[1]).as("%s %s %s", rule, bf, e.text()).isCloseTo(0, within(1e-12));
                        assertThat(Math.abs(silenced[0])).isGreaterThan(1e-6);
                        assertThat(Math.abs(other[0]) + Math.abs(other[1])).isGreaterThan(1e-6);
                        assertThat(Math.abs(other[1])).isGreaterThan(1e-9);
                    }
                }
            }
        }
    }
}
