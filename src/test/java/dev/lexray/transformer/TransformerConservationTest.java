package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Conservation;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Target;
import dev.lexray.TokenRelevance;
import dev.lexray.testing.TinyTransformers;
import dev.lexray.testing.TinyTransformers.Family;
import dev.lexray.testing.TinyTransformers.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CP-LRP conserves relevance when nothing can absorb it: with every bias zero (LayerNorm beta included) and a tiny
 * epsilon, word relevances plus special-token relevances add up to the explained score, for every family, several
 * texts (batched with padding), the predicted class, the others, and a contrast. The stabiliser's share is
 * {@code epsilon * sum of gradients} (about 1e4 * epsilon here), so it is checked to shrink linearly with epsilon.
 * "Relative" is relative to the largest |logit| of the text.
 */
class TransformerConservationTest {
    static final List<String> TEXTS = List.of(
            "the movie was not very good",
            "i love this film , the acting is great !",
            "boring plot but fun",
            "don't hate it",
            "the films were lovely");

    @TempDir
    static Path tmp;

    @ParameterizedTest
    @EnumSource(Family.class)
    void cpLrpConservesWithoutBiases(Family family) {
        Path dir = TinyTransformers.write(tmp, family, Options.defaults().withZeroBiases());
        try (LexrayModel model = Lexray.load(dir)) {
            for (Target target : targets()) {
                ExplainOptions f32 = ExplainOptions.defaults().withEpsilon(1e-9, 0).withTarget(target);
                check(model.explain(TEXTS, f32), target, 1e-3);
                ExplainOptions f64 = f32.withPrecision(Precision.FLOAT64);
                List<Explanation> tiny = model.explain(TEXTS, f64.withEpsilon(1e-12, 0));
                check(tiny, target, 1e-8);
                // At epsilon 1e-9 the whole gap is the stabiliser's share: 1000 times the gap at 1e-12.
                List<Explanation> small = model.explain(TEXTS, f64);
                check(small, target, 1e-6);
                for (int i = 0; i < TEXTS.size(); i++) {
                    double r9 = small.get(i).conservation().residual();
                    double r12 = tiny.get(i).conservation().residual();
                    assertThat(r9).as("%s %s: %s", family, target, TEXTS.get(i))
                            .isCloseTo(1000 * r12, within(1e-3 * Math.abs(r9) + 1e-12));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void withBiasesTheResidualIsWhatBiasesAbsorbAndIsReported(Family family) {
        Path dir = TinyTransformers.write(tmp, family);
        try (LexrayModel model = Lexray.load(dir)) {
            List<Explanation> es = model.explain(TEXTS, ExplainOptions.defaults().withPrecision(Precision.FLOAT64));
            double largest = 0;
            for (Explanation e : es) {
                checkBookkeeping(e);
                largest = Math.max(largest, Math.abs(e.conservation().residual()));
            }
            assertThat(largest).as("biases absorb a visible share").isGreaterThan(1e-3);
        }
    }

    static List<Target> targets() {
        List<Target> out = new ArrayList<>();
        out.add(Target.predicted());
        for (int c = 0; c < TinyTransformers.LABELS.size(); c++) {
            out.add(new Target.Index(c)); // the predicted class and the others
        }
        out.add(new Target.Contrast(new Target.Label("positive"), new Target.Label("negative")));
        out.add(new Target.Contrast(new Target.Label("neutral"), new Target.Label("positive")));
        return out;
    }

    private static void check(List<Explanation> es, Target target, double relative) {
        for (Explanation e : es) {
            checkBookkeeping(e);
            double scale = Flatten.maxAbs(e.logits());
            Conservation c = e.conservation();
            assertThat(c.sum() + c.specialTokens()).as("%s, %s: %s", target, e.text(), c)
                    .isCloseTo(c.targetScore(), within(relative * scale));
            assertThat(Math.abs(c.residual())).isLessThanOrEqualTo(relative * scale);
        }
    }

    /** What conservation reports is what the explanation holds. */
    static void checkBookkeeping(Explanation e) {
        Conservation c = e.conservation();
        double[] logits = e.logits();
        double expectedScore = logits[e.target().index()]
                - (e.target().versus() == null ? 0 : logits[e.target().versus().index()]);
        assertThat(c.targetScore()).isCloseTo(expectedScore, within(1e-6 * Math.max(1, Math.abs(expectedScore))));
        assertThat(c.initialState()).isZero();
        double words = e.tokens().stream().mapToDouble(TokenRelevance::relevance).sum();
        double specials = e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
        assertThat(c.sum()).isCloseTo(words, within(1e-9));
        assertThat(c.specialTokens()).isCloseTo(specials, within(1e-9));
        assertThat(c.residual()).isCloseTo(c.targetScore() - c.sum() - c.specialTokens() - c.initialState(),
                within(1e-12));
        for (TokenRelevance w : e.tokens()) {
            assertThat(Double.isFinite(w.relevance())).isTrue();
        }
    }
}
