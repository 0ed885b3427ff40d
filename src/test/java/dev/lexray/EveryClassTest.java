package dev.lexray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.attribution.AttributionMethod;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.testing.TinyModels;
import dev.lexray.testing.TinyTransformers;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explainEveryClass} (one forward pass per batch for all classes, as the report uses it) gives exactly what
 * one {@code explain} call per class gives: word-level and transformer models, a long text in windows, a baseline.
 */
class EveryClassTest {
    static final String LONG = String.join(" ", Collections.nCopies(30, "the movie was not very good"));

    @TempDir
    static Path temp;

    @Test
    void wordLevelModels() {
        for (Path dir : List.of(TinyModels.bagMlp(temp.resolve("bag")), TinyModels.bilstm(temp.resolve("lstm")))) {
            try (LexrayModel model = Lexray.load(dir)) {
                check(model, List.of("a good movie", "bad", "the film is great and the plot is bad"),
                        ExplainOptions.defaults().withPrecision(Precision.FLOAT64));
            }
        }
    }

    @Test
    void transformersWithWindowsBothAttentionRulesAndABaseline() {
        Path dir = TinyTransformers.write(temp, TinyTransformers.Family.BERT,
                TinyTransformers.Options.defaults().withMaxPositions(16));
        try (LexrayModel model = Lexray.load(dir)) {
            List<String> texts = List.of("the movie was good", LONG, "not very good");
            ExplainOptions base = ExplainOptions.defaults().withPrecision(Precision.FLOAT64);
            check(model, texts, base);
            check(model, texts, base.withAttention(AttentionRule.ATTN_LRP).withEpsilon(0.01, 1));
            check(model, texts, base.withMethod(new AttributionMethod.GradientXInput()));
        }
    }

    private static void check(LexrayModel model, List<String> texts, ExplainOptions options) {
        List<List<Explanation>> every = model.explainEveryClass(texts, options);
        assertThat(every).hasSize(texts.size());
        for (int k = 0; k < model.labels().size(); k++) {
            List<Explanation> one = model.explain(texts, options.withTarget(new Target.Index(k)));
            for (int t = 0; t < texts.size(); t++) {
                Explanation a = every.get(t).get(k);
                Explanation b = one.get(t);
                assertThat(a.target().index()).isEqualTo(k);
                assertThat(LexrayJson.toLine(a)).as("class %d, text %d", k, t).isEqualTo(LexrayJson.toLine(b));
            }
        }
    }
}
