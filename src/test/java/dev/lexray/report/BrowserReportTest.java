package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.cli.LexrayCommand;
import dev.lexray.testing.Ci;
import dev.lexray.testing.HeadlessChromium;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium loads the page from disk under its Content-Security-Policy,
 * runs its script, and we read the DOM it ends with. Skips where {@code /usr/bin/chromium} is missing, except in CI
 * ({@code CI=true}), where {@code test.sh} installs it and its absence fails the test.
 */
class BrowserReportTest {
    /** {@code /usr/bin/chromium}, or the system property {@code lexray.chromium}. */
    static final Path CHROMIUM = HeadlessChromium.EXECUTABLE;
    static final String TITLE = "Browser check";
    static final List<String> HOSTILE = List.of(
            "<img src=x onerror=\"document.title='pwned-img'\"> is a good film",
            "</script><script>document.title='pwned-script';document.body.appendChild(document.createElement('hr'))"
                    + ".id='pwned'</script> the plot is bad",
            "<svg onload=\"document.title='pwned-svg'\"></svg> fun <b id=pwned2>bold</b>");
    static final int TEXTS = 60;

    @TempDir
    static Path dir;
    static Path page;
    static String raw;

    @BeforeAll
    static void writeReport() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            return; // each test skips (or, in CI, fails) in needsChromium()
        }
        Path model = TinyModel.write(dir.resolve("tiny"));
        List<String> words = List.of("the", "movie", "is", "not", "good", "bad", "great", "terrible", "plot", "fun",
                "boring", "superb", "awful", "story", "acting");
        StringBuilder tsv = new StringBuilder("text\tlabel\n");
        for (String h : HOSTILE) {
            tsv.append(h).append("\tpositive\n");
        }
        for (int i = HOSTILE.size(); i < TEXTS; i++) {
            StringBuilder t = new StringBuilder();
            for (int w = 0; w < 4 + i % 7; w++) {
                t.append(w == 0 ? "" : " ").append(words.get((i * 7 + w * 3) % words.size()));
            }
            tsv.append(t).append('\t').append(TinyModel.LABELS.get(i % 3)).append('\n');
        }
        Path input = dir.resolve("texts.tsv");
        Files.writeString(input, tsv.toString(), StandardCharsets.UTF_8);
        page = dir.resolve("report.html");
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"report", "-m", model.toString(), "-i", input.toString(),
            "-o", page.toString(), "--title", TITLE, "--no-progress"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        raw = Files.readString(page);
    }

    /** Per test rather than in {@code @BeforeAll}, so that a skip is reported as skipped tests. */
    @BeforeEach
    void needsChromium() {
        Ci.require(Files.isExecutable(CHROMIUM), "needs " + CHROMIUM + " (test.sh installs it when run as root)");
    }

        @Test
    void theScriptRunsUnderTheCspAndNoInjectedCodeDoes() throws Exception {
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, page, "--dump-dom"));
        Element html = dom.selectFirst("html");
        assertThat(html.attr("data-ready")).as("report.js ran: its hash is in the CSP").isEqualTo("true");
        assertThat(html.hasClass("nojs")).isFalse();
        assertThat(dom.title()).isEqualTo(TITLE);
        assertThat(dom.select("#pwned, #pwned2, img, hr, b#pwned2")).isEmpty();
        assertThat(dom.select("svg:not(.bars)")).isEmpty();
        Elements cards = dom.select("#cards article.card");
        assertThat(cards).hasSize(HtmlReport.PAGE_SIZE);
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(cards.get(i).selectFirst(".text").wholeText()).isEqualTo(HOSTILE.get(i));
        }
        assertThat(dom.selectFirst("#status").text()).isEqualTo("Showing 1–50 of " + TEXTS + " texts");
        assertThat(dom.select("#pager button").eachText()).contains("1", "2");
    }

    @Test
    void theBrowserColoursEveryWordAsTheServerDid() throws Exception {
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, page, "--dump-dom"));
        Document server = Jsoup.parse(raw);
        Elements painted = dom.select("#cards article.card");
        assertThat(painted).isNotEmpty();
        int coloured = 0;
        for (Element card : painted) {
            Element original = server.getElementById(card.id());
            Elements spans = card.select("span.w");
            Elements before = original.select("span.w");
            assertThat(spans).hasSameSizeAs(before).isNotEmpty();
            for (int j = 0; j < spans.size(); j++) {
                assertThat(spans.get(j).className()).as(card.id() + " word " + j)
                        .isEqualTo(before.get(j).className()).matches("w (z|p\\d+|n\\d+)");
                assertThat(spans.get(j).attr("data-r")).isEqualTo(before.get(j).attr("data-r"));
                coloured += spans.get(j).hasClass("z") ? 0 : 1;
            }
        }
        assertThat(coloured).isGreaterThan(painted.size());
    }

    @Test
    void withoutJavaScriptEveryCardIsStillColoured() throws Exception {
        int code = raw.lastIndexOf("<script>");
        Path noScript = dir.resolve("noscript.html");
        Files.writeString(noScript, raw.substring(0, code) + raw.substring(raw.indexOf("</script>", code) + 9));
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, noScript, "--dump-dom"));
        assertThat(dom.selectFirst("html").hasClass("nojs")).isTrue();
        assertThat(dom.select("#cards article.card")).hasSize(TEXTS);
        assertThat(dom.select("#cards span.w.p10, #cards span.w.n10")).hasSizeGreaterThanOrEqualTo(TEXTS);
        assertThat(dom.title()).isEqualTo(TITLE);
    }

    @Test
    void aScreenshotIsTaken() throws Exception {
        Path png = dir.resolve("report.png");
        HeadlessChromium.run(dir, page, "--hide-scrollbars", "--window-size=1280,1600", "--screenshot=" + png);
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(20_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
}
