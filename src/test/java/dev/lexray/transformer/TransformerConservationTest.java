package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.Conservation;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.Prediction;
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
 * "Relative" is relative to the largest |logit| of the text. The score relevance must add up to comes from a separate
 * forward pass ({@link LexrayModel#predict(List, ExplainOptions)}), not from the explanation's own bookkeeping.
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
                check(model.explain(TEXTS, f32), model.predict(TEXTS, f32), target, 1e-3);
                ExplainOptions f64 = f32.withPrecision(Precision.FLOAT64);
                List<Prediction> forward64 = model.predict(TEXTS, f64);
                List<Explanation> tiny = model.explain(TEXTS, f64.withEpsilon(1e-12, 0));
                check(tiny, forward64, target, 1e-8);
                // At epsilon 1e-9 the whole gap is the stabiliser's share: 1000 times the gap at 1e-12.
                List<Explanation> small = model.explain(TEXTS, f64);
                check(small, forward64, target, 1e-6);
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
            ExplainOptions options = ExplainOptions.defaults().withPrecision(Precision.FLOAT64);
            List<Explanation> es = model.explain(TEXTS, options);
            List<Prediction> forward = model.predict(TEXTS, options);
            double largest = 0;
            for (int i = 0; i < es.size(); i++) {
                Explanation e = es.get(i);
                assertThat(e.target().index()).isEqualTo(forward.get(i).predicted().index());
                checkBookkeeping(e, forward.get(i).logits());
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

    /** Words plus special tokens add up to the score of {@code forward}, a separate forward pass of each text. */
    private static void check(List<Explanation> es, List<Prediction> forward, Target target, double relative) {
        assertThat(es).hasSameSizeAs(forward);
        for (int i = 0; i < es.size(); i++) {
            Explanation e = es.get(i);
            double[] logits = forward.get(i).logits();
            if (target instanceof Target.Predicted) {
                assertThat(e.target().index()).isEqualTo(forward.get(i).predicted().index());
            }
            checkBookkeeping(e, logits);
            double scale = Flatten.maxAbs(logits);
            Conservation c = e.conservation();
            assertThat(words(e) + specials(e)).as("%s, %s: %s", target, e.text(), c)
                    .isCloseTo(score(e, logits), within(relative * scale));
            assertThat(Math.abs(c.residual())).isLessThanOrEqualTo(relative * scale);
        }
    }

    /** What conservation reports is what the explanation holds, against the explanation's reported logits. */
    static void checkBookkeeping(Explanation e) {
        checkBookkeeping(e, e.logits());
    }

    /**
     * What conservation reports is what the explanation holds: the score of the explained class in {@code logits}
     * (best from a separate forward pass), the words' and special tokens' totals, and the residual as what they
     * leave of that score.
     */
    static void checkBookkeeping(Explanation e, double[] logits) {
        Conservation c = e.conservation();
        double expectedScore = score(e, logits);
        double tol = 1e-6 * Math.max(1, Math.abs(expectedScore));
        assertThat(c.targetScore()).isCloseTo(expectedScore, within(tol));
        assertThat(c.initialState()).isZero();
        double words = words(e);
        double specials = specials(e);
        assertThat(c.sum()).isCloseTo(words, within(1e-9));
        assertThat(c.specialTokens()).isCloseTo(specials, within(1e-9));
        assertThat(c.residual()).as("%s: %s", e.text(), c)
                .isCloseTo(expectedScore - words - specials, within(tol + 1e-9));
        for (TokenRelevance w : e.tokens()) {
            assertThat(Double.isFinite(w.relevance())).isTrue();
        }
    }

    /** The explained score (a logit, or the difference of two for a contrast) in {@code logits}. */
    private static double score(Explanation e, double[] logits) {
        return logits[e.target().index()] - (e.target().versus() == null ? 0 : logits[e.target().versus().index()]);
    }

    private static double words(Explanation e) {
        return e.tokens().stream().mapToDouble(TokenRelevance::relevance).sum();
    }

    private static double specials(Explanation e) {
        return e.specialTokens().stream().mapToDouble(TokenRelevance::relevance).sum();
    }
}
