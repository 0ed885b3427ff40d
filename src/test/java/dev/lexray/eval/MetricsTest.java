package dev.lexray.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.TokenRelevance;
import dev.lexray.corpus.Rationale;
import dev.lexray.text.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics' arithmetic on hand-made relevance and rationales with known answers. */
class MetricsTest {
    static final boolean T = true;
    static final boolean F = false;

    @Test
    void auprcOfAPerfectAndOfAReversedRanking() {
        boolean[] truth = {T, T, F};
        assertThat(Plausibility.auprc(truth, new double[] {3, 2, 1})).isCloseTo(1, within(1e-12));
        // Reversed: points (0,1), (0,0), (1/2,1/2), (1,2/3); trapezoids 0 + 1/8 + 7/24 = 5/12 (scikit-learn agrees).
        assertThat(Plausibility.auprc(truth, new double[] {1, 2, 3})).isCloseTo(5.0 / 12, within(1e-12));
        // All tied: one threshold, (0,1) to (1, 2/3).
        assertThat(Plausibility.auprc(truth, new double[] {1, 1, 1})).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(Plausibility.auprc(new boolean[] {F, F}, new double[] {1, 2})).isNaN();
        // Average precision: sum of precision times added recall.
        assertThat(Plausibility.averagePrecision(truth, new double[] {3, 2, 1})).isCloseTo(1, within(1e-12));
        assertThat(Plausibility.averagePrecision(truth, new double[] {1, 2, 3}))
                .isCloseTo(0.5 * 0.5 + 0.5 * 2.0 / 3, within(1e-12));
        assertThat(Plausibility.averagePrecision(truth, new double[] {1, 1, 1})).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void topKTokenF1AndIouF1() {
        boolean[] truth = {T, T, F, F};
        Plausibility.Scores perfect = Plausibility.score(truth, new double[] {4, 3, 2, 1});
        assertThat(perfect.tokenF1()).isEqualTo(1);
        assertThat(perfect.iouPrecision()).isEqualTo(1);
        assertThat(perfect.iouRecall()).isEqualTo(1);
        Plausibility.Scores reversed = Plausibility.score(truth, new double[] {1, 2, 3, 4});
        // Reversed: points (0,1), (0,0), (0,0), (1/2,1/3), (1,1/2); trapezoids 0 + 0 + 1/12 + 5/24 = 7/24.
        assertThat(reversed.auprc()).isCloseTo(7.0 / 24, within(1e-12));
        // Average precision: 1/3 * 1/2 + 1/2 * 1/2 = 5/12.
        assertThat(reversed.averagePrecision()).isCloseTo(5.0 / 12, within(1e-12));
        assertThat(perfect.auprc()).isCloseTo(1, within(1e-12));
        assertThat(reversed.tokenF1()).isZero();
        assertThat(reversed.iouPrecision()).isZero();
        // Top 2 = words 1 and 2: half the words right; the run [1,3) overlaps [0,2) with IOU 1/3 < 0.5.
        Plausibility.Scores shifted = Plausibility.score(truth, new double[] {1, 4, 3, 0});
        assertThat(shifted.tokenF1()).isCloseTo(0.5, within(1e-12));
        assertThat(shifted.iouPrecision()).isZero();
        assertThat(shifted.iouRecall()).isZero();
        // Three of four words marked as one span, top 3 = words 0..2 minus one: IOU 2/3 >= 0.5 matches.
        Plausibility.Scores partial = Plausibility.score(new boolean[] {T, T, T, F},
                List.of(new int[] {0, 3}), new double[] {3, 2, 0, 1});
        assertThat(partial.tokenF1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(partial.iouPrecision()).isCloseTo(0.5, within(1e-12)); // runs [0,2) matches, [3,4) does not
        assertThat(partial.iouRecall()).isCloseTo(1, within(1e-12));
        assertThat(Plausibility.score(new boolean[] {F, F}, new double[] {1, 2})).isNull();
    }

    @Test
    void rationaleSpansMarkTheWordsTheyOverlap() {
        String text = "a truly awful, boring film";
        List<TokenRelevance> words = List.of(new TokenRelevance("a", 0, 1, 0), new TokenRelevance("truly", 2, 7, 0),
                new TokenRelevance("awful", 8, 13, 0), new TokenRelevance(",", 13, 14, 0),
                new TokenRelevance("boring", 15, 21, 0), new TokenRelevance("film", 22, 26, 0));
        assertThat(text.substring(8, 13)).isEqualTo("awful");
        // One span from the middle of "truly" to the end of "awful", one on "boring".
        List<Rationale> r = List.of(new Rationale(List.of(new Span(4, 13), new Span(15, 21))));
        assertThat(Plausibility.marked(words, r)).containsExactly(F, T, T, F, T, F);
        assertThat(Plausibility.spans(words, r)).containsExactly(new int[] {1, 3}, new int[] {4, 5});
    }

    @Test
    void spearmanWithTiesAndDegenerateInput() {
        assertThat(Rankings.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40})).isCloseTo(1, within(1e-12));
        assertThat(Rankings.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(Rankings.ranks(new double[] {5, 1, 5, 3})).containsExactly(3.5, 1, 3.5, 2);
        // Ranks (1, 2.5, 2.5) vs (1, 2, 3): r = 1.5 / sqrt(1.5 * 2)
        assertThat(Rankings.spearman(new double[] {0, 1, 1}, new double[] {0, 1, 2}))
                .isCloseTo(1.5 / Math.sqrt(3), within(1e-12));
        assertThat(Rankings.spearman(new double[] {1, 1, 1}, new double[] {0, 1, 2})).isNaN();
        assertThat(Rankings.spearman(new double[] {1}, new double[] {2})).isNaN();
    }

    @Test
    void ordersCountsAndMasks() {
        assertThat(Rankings.order(new double[] {0.5, 2, 0.5, -1}, true)).containsExactly(1, 0, 2, 3);
        assertThat(Rankings.order(new double[] {0.5, 2, 0.5, -1}, false)).containsExactly(3, 0, 2, 1);
        assertThat(Rankings.count(0.01, 3)).isEqualTo(1);
        assertThat(Rankings.count(0.5, 3)).isEqualTo(2);
        assertThat(Rankings.count(0.5, 4)).isEqualTo(2);
        assertThat(Rankings.count(0.2, 10)).isEqualTo(2);
        assertThat(Rankings.count(0.3, 10)).isEqualTo(3);
        assertThat(Rankings.count(1, 7)).isEqualTo(7);
        assertThat(Rankings.count(0, 7)).isZero();
        assertThat(Rankings.first(new int[] {2, 0, 1}, 2)).containsExactly(T, F, T);
        assertThat(Rankings.first(new int[] {2, 0, 1}, 9)).containsExactly(T, T, T);
    }
}
