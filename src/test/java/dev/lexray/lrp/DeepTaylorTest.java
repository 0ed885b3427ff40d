package dev.lexray.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.testing.RandomModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deep Taylor decomposition (Montavon et al. 2017) is z+ in every ReLU layer and w-square at the input layer: on an
 * embedding-bag MLP the input layer is the first hidden layer ({@code mlp.0}, reading the pooled embeddings); a
 * recurrent model has none, so there it is z+ throughout.
 */
class DeepTaylorTest {
    @TempDir
    Path temp;

    @Test
    void onABagMlpTheFirstLayerGetsWSquare() {
        Path dir = RandomModels.write(temp.resolve("bag"), RandomModels.bag(List.of(7, 5), "relu", "mean", 41));
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions base = ExplainOptions.defaults().withPrecision(Precision.FLOAT64);
            List<Explanation> dt = model.explain(RandomModels.TEXTS,
                    base.withComposite(Composite.deepTaylor(base.recurrent())));
            List<Explanation> spelledOut = model.explain(RandomModels.TEXTS,
                    base.withRule(new ZPlusRule()).withLayerRule("mlp.0", new WSquareRule()));
            List<Explanation> zPlus = model.explain(RandomModels.TEXTS, base.withRule(new ZPlusRule()));
            double differs = 0;
            for (int i = 0; i < dt.size(); i++) {
                assertThat(dt.get(i).relevances()).containsExactly(spelledOut.get(i).relevances(), within(1e-12));
                for (int j = 0; j < dt.get(i).relevances().length; j++) {
                    differs = Math.max(differs, Math.abs(dt.get(i).relevances()[j] - zPlus.get(i).relevances()[j]));
                }
            }
            assertThat(differs).as("w-square at the input layer changes the result").isGreaterThan(1e-6);
        }
    }

    @Test
    void aRecurrentModelHasNoInputLayer() {
        Path dir = RandomModels.write(temp.resolve("lstm"), RandomModels.recurrent("bilstm", 1, "final", 42));
        try (LexrayModel model = Lexray.load(dir)) {
            ExplainOptions base = ExplainOptions.defaults().withPrecision(Precision.FLOAT64);
            List<Explanation> dt = model.explain(RandomModels.TEXTS,
                    base.withComposite(Composite.deepTaylor(base.recurrent())));
            List<Explanation> zPlus = model.explain(RandomModels.TEXTS, base.withRule(new ZPlusRule()));
            for (int i = 0; i < dt.size(); i++) {
                assertThat(dt.get(i).relevances()).containsExactly(zPlus.get(i).relevances(), within(1e-12));
            }
        }
    }
}
