package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lexray.ClassRef;
import dev.lexray.Conservation;
import dev.lexray.ExplainedTarget;
import dev.lexray.Explanation;
import dev.lexray.RuleSettings;
import dev.lexray.TokenRelevance;
import dev.lexray.eval.ClassificationMetrics;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The summary computes (with ClassificationMetrics); the page only shows what it computed. */
class ReportSummaryTest {
    static final List<String> LABELS = List.of("a", "b", "c");

    /** A one-word text predicted as {@code predicted} with probability {@code p}, explained for every class. */
    static ReportEntry entry(int truth, int predicted, double p) {
        double[] probs = new double[LABELS.size()];
        Arrays.fill(probs, (1 - p) / (LABELS.size() - 1));
        probs[predicted] = p;
        List<Explanation> byClass = new ArrayList<>();
        for (int k = 0; k < LABELS.size(); k++) {
            byClass.add(new Explanation("word", "m", "lrp", new RuleSettings("epsilon", Map.of(), null), LABELS,
                    new double[LABELS.size()], probs, new ClassRef(predicted, LABELS.get(predicted)),
                    new ExplainedTarget(k, LABELS.get(k), null), List.of(new TokenRelevance("word", 0, 4, 0.5)),
                    Conservation.of(0.5, 0, 1)));
        }
        return new ReportEntry(byClass, truth, predicted, "");
    }

    static Report report(List<ReportEntry> entries) {
        return new Report("T", "m", null, LABELS, "lrp", new RuleSettings("epsilon", Map.of(), null), "predicted",
                "dev", ZonedDateTime.parse("2025-01-02T03:04:05Z"), entries);
    }

    // truth, predicted: class a is right twice and wrong once, b is predicted but never true, c is never predicted,
    // and one unlabelled text is predicted as b
    static final int[][] PAIRS = {{0, 0}, {0, 0}, {0, 1}, {2, 0}, {2, 1}, {-1, 1}};

    static Report sample() {
        List<ReportEntry> entries = new ArrayList<>();
        for (int[] pair : PAIRS) {
            entries.add(entry(pair[0], pair[1], pair[1] == 0 ? 0.8 : 0.6));
        }
        return report(entries);
    }

    @Test
    void perClassFiguresAreClassificationMetricsOverTheLabelledTexts() {
        ReportSummary s = ReportSummary.of(sample(), false);
        ClassificationMetrics m = ClassificationMetrics.of(LABELS, new int[] {0, 0, 0, 2, 2},
                new int[] {0, 0, 1, 0, 1});
        assertThat(s.metrics().confusion()).isDeepEqualTo(m.confusion());
        assertThat(s.labelled()).isEqualTo(5);
        assertThat(s.correct()).isEqualTo(2);
        assertThat(s.accuracy()).isEqualTo(m.accuracy());
        ReportSummary.ClassStats a = s.classes().get(0);
        assertThat(a.precision()).isEqualTo(m.precision()[0]).isEqualTo(2.0 / 3);
        assertThat(a.recall()).isEqualTo(m.recall()[0]).isEqualTo(2.0 / 3);
        assertThat(a.f1()).isEqualTo(m.f1()[0]);
        assertThat(a.truth()).isEqualTo(3);
        assertThat(a.predicted()).isEqualTo(3);
        assertThat(a.meanConfidence()).isCloseTo(0.8, within(1e-12));
        // b: predicted (twice labelled, once not) but never true: precision 0, recall and F1 undefined
        ReportSummary.ClassStats b = s.classes().get(1);
        assertThat(b.predicted()).isEqualTo(3);
        assertThat(b.precision()).isEqualTo(m.precision()[1]).isZero();
        assertThat(b.recall()).isNaN();
        assertThat(b.f1()).isNaN();
        // c: true twice, never predicted: precision and confidence undefined, recall 0
        ReportSummary.ClassStats c = s.classes().get(2);
        assertThat(c.predicted()).isZero();
        assertThat(c.meanConfidence()).isNaN();
        assertThat(c.precision()).isNaN();
        assertThat(c.recall()).isEqualTo(m.recall()[2]).isZero();
        assertThat(c.f1()).isNaN();
    }

    @Test
    void withoutLabelsAccuracyIsUndefined() {
        ReportSummary s = ReportSummary.of(report(List.of(entry(-1, 1, 0.9))), false);
        assertThat(s.labelled()).isZero();
        assertThat(s.accuracy()).isNaN();
        assertThat(s.classes().get(1).precision()).isNaN();
    }

    @Test
    void thePageShowsTheSummarysFigures() {
        Report r = sample();
        Document doc = Jsoup.parse(HtmlReport.render(r, ReportSummary.of(r, false)));
        List<List<String>> rows = doc.select("table.pc tbody tr").stream()
                .map(tr -> tr.children().stream().map(Element::text).toList()).toList();
        assertThat(rows).containsExactly(
                List.of("a", "3", "80.0%", "3", "0.67", "0.67", "0.67"),
                List.of("b", "3", "60.0%", "0", "0.00", "–", "–"),
                List.of("c", "0", "–", "2", "–", "0.00", "–"));
    }
}
