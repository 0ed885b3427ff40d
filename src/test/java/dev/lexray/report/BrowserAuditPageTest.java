package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.ClassRef;
import dev.lexray.Conservation;
import dev.lexray.ExplainedTarget;
import dev.lexray.Explanation;
import dev.lexray.TokenRelevance;
import dev.lexray.audit.AuditReport;
import dev.lexray.audit.Counterfactuals;
import dev.lexray.audit.GroupAudit;
import dev.lexray.audit.MadlibsAudit;
import dev.lexray.audit.RelevanceAudit;
import dev.lexray.testing.Ci;
import dev.lexray.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit.html} in headless Chromium: the report's styles and cards under a CSP without scripts, every table,
 * and hostile texts and terms shown as text, never run. Skips without {@code /usr/bin/chromium}, fails in CI.
 */
class BrowserAuditPageTest {
    static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\"> gay <script>document.title='p2'</script>";
    static final String HOSTILE_TERM = "</td><b id=pwned>x</b>";

    @TempDir
    static Path dir;
    static String raw;

    @BeforeAll
    static void render() {
        List<String> labels = List.of("hate_speech", "offensive_language", "neither");
        int start = HOSTILE.indexOf("gay");
        List<TokenRelevance> tokens = List.of(new TokenRelevance("<img", 0, 4, -0.2),
                new TokenRelevance("gay", start, start + 3, 1.5));
        Explanation x = new Explanation(HOSTILE, "m", "lrp", null, labels, new double[] {0.1, 2, 0.3},
                new double[] {0.1, 0.7, 0.2}, new ClassRef(1, "offensive_language"),
                new ExplainedTarget(1, "offensive_language", null), tokens, Conservation.of(1.3, 0, 2.0));
        List<GroupAudit.Subgroup> subgroups = new ArrayList<>();
        for (String c : GroupAudit.COMMUNITIES) {
            subgroups.add(new GroupAudit.Subgroup(c, 10, 6, 4, 0.7, 0.6, 0.8));
        }
        GroupAudit groups = new GroupAudit(100, 60, 0.75, 0.7, subgroups, new GroupAudit.Gmb(0.7, 0.6, 0.8, -5));
        MadlibsAudit madlibs = new MadlibsAudit(4, 0.5, 0.8, 0.2, 0.3, 1.5, 0.9, List.of(
                new MadlibsAudit.TermResult(HOSTILE_TERM, "cat", false, List.of(HOSTILE_TERM), 2, 0.4, 0.5, 0.0,
                        null, 0.5, 1.0)));
        Counterfactuals cf = new Counterfactuals(10, 1, 1, List.of(new Counterfactuals.TermChange("gay", "cat", true,
                1, 1, 0.3, 0.3, -0.3)), List.of(new Counterfactuals.Swap(HOSTILE, "gay", "straight", 0.7, 0.4, -0.3)));
        RelevanceAudit why = new RelevanceAudit("lrp", 10, List.of(), List.of(),
                List.of(new RelevanceAudit.TermRelevance("gay", "cat", 1, 1.5)),
                List.of(new RelevanceAudit.Card("id1", HOSTILE, 0.8, 1.5, List.of("gay"), x)));
        raw = AuditPage.render(new AuditReport(AuditReport.FORMAT, "m", "bigru", labels,
                List.of("hate_speech", "offensive_language"), "hatexplain", "test", 100, 0, "default", groups,
                madlibs, cf, why));
    }

    @Test
    void theServerPageEscapesEverythingAndAllowsNoScript() {
        Document d = Jsoup.parse(raw);
        assertThat(d.select("script, img, #pwned")).isEmpty();
        assertThat(d.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("script-src 'none'").contains("default-src 'none'");
        assertThat(d.select("article.card")).hasSize(1);
        assertThat(d.selectFirst("article.card .text").wholeText()).isEqualTo(HOSTILE);
        assertThat(d.select("article.card span.w")).hasSize(2);
        assertThat(d.select("section.panel h2").eachText()).contains("1. Group metrics (HateXplain protocol)",
                "2a. Identity terms on Dixon et al.'s madlibs", "2b. Counterfactual term swaps");
        assertThat(raw).contains(HOSTILE_TERM.replace("<", "&lt;").replace(">", "&gt;").substring(0, 8));
    }

    @Test
    void chromiumShowsTheTablesAndCardsAndRunsNothing() throws Exception {
        Ci.require(Files.isExecutable(BrowserReportTest.CHROMIUM), "needs " + BrowserReportTest.CHROMIUM);
        Path page = dir.resolve("audit.html");
        Files.writeString(page, raw);
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, page, "--dump-dom"));
        assertThat(dom.title()).isEqualTo("Bias audit: m");
        assertThat(dom.select("#pwned, img, b#pwned")).isEmpty();
        assertThat(dom.select("table.pc")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(dom.select("table.pc").get(0).select("tbody tr")).hasSize(GroupAudit.COMMUNITIES.size() + 1);
        assertThat(dom.selectFirst("article.card .text").wholeText()).isEqualTo(HOSTILE);
        assertThat(dom.selectFirst("article.card span.w.p10")).isNotNull(); // "gay", the largest |R|, darkest red
    }
}
