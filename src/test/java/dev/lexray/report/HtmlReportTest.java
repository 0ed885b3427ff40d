package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lexray.ClassRef;
import dev.lexray.Conservation;
import dev.lexray.ExplainedTarget;
import dev.lexray.Explanation;
import dev.lexray.RuleSettings;
import dev.lexray.TokenRelevance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The renderer and its helpers on hand-made explanations (no model). */
class HtmlReportTest {
    static final List<String> LABELS = List.of("neg", "pos");

    static Explanation explanation(String text, int k, double... rel) {
        String[] words = text.split(" ");
        List<TokenRelevance> tokens = new ArrayList<>();
        int at = 0;
        double sum = 0;
        for (int i = 0; i < words.length; i++) {
            tokens.add(new TokenRelevance(words[i], at, at + words[i].length(), rel[i]));
            at += words[i].length() + 1;
            sum += rel[i];
        }
        return new Explanation(text, "m", "lrp", new RuleSettings("epsilon", Map.of("epsilon", 0.001), null), LABELS,
                new double[] {0, 1}, new double[] {0.27, 0.73}, new ClassRef(1, "pos"),
                new ExplainedTarget(k, LABELS.get(k), null), tokens, Conservation.of(sum, 0, sum + 0.5));
    }

    static Report report(List<ReportEntry> entries) {
        return new Report("T", "m", null, LABELS, "lrp", new RuleSettings("epsilon", Map.of("epsilon", 0.001), null),
                "predicted", "dev", ZonedDateTime.parse("2025-01-02T03:04:05Z"), entries);
    }

    @Test
    void hostileTextIsEscapedWhereverItReachesThePage() {
        String evil = "<x-evil title='t'>\"&amp;";
        List<String> labels = List.of(evil + "neg", evil + "pos");
        String text = evil + " word";
        List<TokenRelevance> tokens = List.of(new TokenRelevance(evil, 0, evil.length(), 1.5),
                new TokenRelevance("word", evil.length() + 1, text.length(), -0.5));
        RuleSettings rule = new RuleSettings(evil, Map.of(evil, 1.0), Map.of(evil, 2.0));
        List<Explanation> byClass = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            byClass.add(new Explanation(text, evil, evil, rule, labels, new double[] {0, 1},
                    new double[] {0.27, 0.73}, new ClassRef(1, labels.get(1)),
                    new ExplainedTarget(k, labels.get(k), null), tokens, Conservation.of(1, 0, 1.5)));
        }
        Report r = new Report(evil, evil, evil, labels, evil, rule, "predicted", evil,
                ZonedDateTime.parse("2025-01-02T03:04:05Z"), List.of(new ReportEntry(byClass, 0, 1, evil)));
        ReportSummary words = ReportSummary.of(r, true);
        for (ReportSummary s : List.of(words, words.withCorpusWords(words.words(), evil))) {
            String html = HtmlReport.render(r, s);
            assertThat(html).doesNotContain("<x-evil");
            Document doc = Jsoup.parse(html);
            assertThat(doc.select("x-evil")).isEmpty();
            assertThat(doc.select("[title=t]")).isEmpty();
            assertThat(doc.select("script#lexray-data").first().data()).contains("\\u003cx-evil");
            assertThat(doc.title()).isEqualTo(evil);
            assertThat(doc.select("h1").text()).isEqualTo(evil);
            assertThat(doc.select(".card .w").first().text()).isEqualTo(evil);
            assertThat(doc.select(".card .src").text()).isEqualTo(evil);
            assertThat(doc.select("table.pc tbody th").first().text()).isEqualTo(evil + "neg");
            assertThat(doc.select("svg.bars text.wl").eachText()).contains(evil.substring(0, 11) + "…");
            assertThat(doc.select("svg.bars").first().attr("aria-label")).endsWith(evil + "neg");
        }
    }

    @Test
    void theColourScaleIsSymmetricAndSaturates() {
        assertThat(ColorScale.level(0, 1)).isZero();
        assertThat(ColorScale.level(1, 0)).isZero();
        assertThat(ColorScale.level(Double.NaN, 1)).isZero();
        assertThat(ColorScale.level(0.04, 1)).isZero();
        assertThat(ColorScale.level(0.5, 1)).isEqualTo(5);
        assertThat(ColorScale.level(-0.5, 1)).isEqualTo(-5);
        assertThat(ColorScale.level(7, 1)).isEqualTo(ColorScale.LEVELS);
        assertThat(ColorScale.level(-7, 1)).isEqualTo(-ColorScale.LEVELS);
        assertThat(ColorScale.cssClass(3)).isEqualTo("p3");
        assertThat(ColorScale.cssClass(-3)).isEqualTo("n3");
        assertThat(ColorScale.cssClass(0)).isEqualTo("z");
        Set<String> colours = new HashSet<>();
        for (int l = -ColorScale.LEVELS; l <= ColorScale.LEVELS; l++) {
            colours.add(ColorScale.background(l));
        }
        assertThat(colours).hasSize(2 * ColorScale.LEVELS + 1);
        assertThat(ColorScale.background(0)).isEqualTo("#ffffff");
        assertThat(ColorScale.background(ColorScale.LEVELS)).isEqualTo("#b2182b");
        assertThat(ColorScale.background(-ColorScale.LEVELS)).isEqualTo("#2166ac");
        assertThat(ColorScale.foreground(ColorScale.LEVELS)).isEqualTo("#ffffff");
        assertThat(ColorScale.foreground(1)).isEqualTo("#1b1f24");
    }

    @Test
    void summaryAddsUpWhatTheExplanationsHold() {
        ReportEntry a = new ReportEntry(List.of(explanation("the good film", 0, 0.5, -2, -1),
                explanation("the good film", 1, -0.5, 2, 1)), 1, 1, "");
        ReportEntry b = new ReportEntry(List.of(explanation("a good plot", 0, 0.1, -1, 0.3),
                explanation("a good plot", 1, -0.1, 1, -0.3)), 0, 1, "");
        ReportSummary s = ReportSummary.of(report(List.of(a, b)), false);
        assertThat(s.labelled()).isEqualTo(2);
        assertThat(s.correct()).isEqualTo(1);
        assertThat(s.accuracy()).isEqualTo(0.5);
        assertThat(s.metrics().confusion()).isDeepEqualTo(new long[][] {{0, 1}, {0, 1}});
        ReportSummary.ClassWords pos = s.words().get(1);
        assertThat(pos.positive()).extracting(ReportSummary.WordScore::word).containsExactly("good", "film");
        assertThat(pos.positive().get(0).total()).isEqualTo(3.0);
        assertThat(pos.positive().get(0).count()).isEqualTo(2);
        assertThat(pos.negative()).extracting(ReportSummary.WordScore::word).containsExactly("plot");
        assertThat(s.words().get(0).negative()).extracting(ReportSummary.WordScore::word)
                .containsExactly("good", "film");
        ReportSummary keep = ReportSummary.of(report(List.of(a, b)), true);
        assertThat(keep.words().get(0).positive()).extracting(ReportSummary.WordScore::word)
                .containsExactly("the", "plot", "a");
        assertThat(s.reportScale()).isEqualTo(2.0);
    }

    @Test
    void tokensOutsideTheTextStillGetTheirSpan() {
        String text = "ab cd";
        List<TokenRelevance> tokens = List.of(new TokenRelevance("ab", 0, 2, 1), new TokenRelevance("cd", 3, 5, -1),
                new TokenRelevance("[SEP]", 5, 5, 0.5), new TokenRelevance("zz", 1, 9, 0.2));
        Explanation e = new Explanation(text, "m", "lrp", new RuleSettings("epsilon", Map.of(), null), LABELS,
                new double[] {0, 1}, new double[] {0.5, 0.5}, new ClassRef(1, "pos"),
                new ExplainedTarget(1, "pos", null), tokens, Conservation.of(0.7, 0, 1));
        ReportEntry entry = new ReportEntry(List.of(e, e), -1, 1, "");
        Report r = report(List.of(entry));
        Document doc = Jsoup.parse(HtmlReport.render(r, ReportSummary.of(r, false)));
        assertThat(doc.select(".card span.w")).hasSize(4);
        assertThat(doc.select(".card span.w").stream().map(org.jsoup.nodes.Element::text).toList())
                .containsExactly("ab", "cd", "", "zz");
    }

    @Test
    void theModelCardParagraphSkipsFrontMatterAndHeadings() throws Exception {
        Path dir = Files.createTempDirectory("card");
        try {
            assertThat(ReportBuilder.modelCard(dir)).isNull();
            Files.writeString(dir.resolve("MODEL_CARD.md"),
                    "---\nx: 1\n---\n\n# Name\n<!-- c -->\nFirst line\nsecond line.\n\nNext.");
            assertThat(ReportBuilder.modelCard(dir)).isEqualTo("First line second line.");
        } finally {
            Files.deleteIfExists(dir.resolve("MODEL_CARD.md"));
            Files.delete(dir);
        }
    }
}
