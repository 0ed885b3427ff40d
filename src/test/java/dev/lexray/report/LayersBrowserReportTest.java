package dev.lexray.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lexray.cli.LexrayCommand;
import dev.lexray.testing.Ci;
import dev.lexray.testing.HeadlessChromium;
import dev.lexray.testing.TinyTransformers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --layers} in headless Chromium: under the page's CSP the script runs, no injected markup does, every
 * card shows the relevance-flow strip and layers x heads heatmap of the class it explains (and only that one, also
 * when the script switches a card to another class), and the report-level head summary is there.
 */
class LayersBrowserReportTest {
    static final List<String> TEXTS = List.of("the movie was not very good",
            "<img src=x onerror=\"document.title='pwned-img'\"> a good film",
            "</script><script>document.title='pwned'</script> boring plot", "i love this film , the acting is great !");

    @TempDir
    static Path dir;
    static Path page;
    static String raw;
    static int layers;

    @BeforeAll
    static void writeReport() throws IOException {
        if (!Files.isExecutable(BrowserReportTest.CHROMIUM)) {
            return;
        }
        Path model = TinyTransformers.write(dir, TinyTransformers.Family.BERT); // 2 layers of 2 heads, 3 classes
        Path input = dir.resolve("texts.txt");
        Files.writeString(input, String.join("\n", TEXTS) + "\n", StandardCharsets.UTF_8);
        page = dir.resolve("report.html");
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"report", "-m", model.toString(), "-i", input.toString(),
            "-o", page.toString(), "--title", "Layers", "--no-progress", "--layers", "--attention", "attnlrp"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        raw = Files.readString(page);
        layers = 6; // embeddings, 2 encoder layers, [CLS] pooling, pooler, classifier
    }

    @BeforeEach
    void needsChromium() {
        Ci.require(Files.isExecutable(BrowserReportTest.CHROMIUM), "needs " + BrowserReportTest.CHROMIUM);
    }

        @Test
    void everyCardShowsTheLayersOfItsClassUnderTheCsp() throws Exception {
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, page, "--dump-dom"));
        assertThat(dom.selectFirst("html").attr("data-ready")).isEqualTo("true");
        assertThat(dom.title()).isEqualTo("Layers");
        assertThat(dom.select("img, #pwned")).isEmpty();
        Elements cards = dom.select("#cards article.card");
        assertThat(cards).hasSize(TEXTS.size());
        for (Element card : cards) {
            Elements flows = card.select(".flow");
            assertThat(flows).hasSize(3);
            Elements shown = card.select(".flow:not(.off)");
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0).attr("data-c")).isEqualTo(card.attr("data-k"));
            // one bar per layer plus the words; 2 layers x 2 heads
            assertThat(shown.get(0).select("svg.flow-strip rect")).hasSize(layers + 1);
            assertThat(shown.get(0).select("svg.heads rect")).hasSize(4);
            assertThat(shown.get(0).select("svg.flow-strip title").get(0).text()).contains("classifier");
        }
        Element summary = dom.selectFirst("section.head-summary");
        assertThat(summary).isNotNull();
        assertThat(summary.select("svg.heads-summary rect")).hasSize(4);
        assertThat(dom.select("svg:not(.bars):not(.flow-strip):not(.heads)")).isEmpty();
    }

    /** The embedded data (JSON, outside the CSP hash) makes the script show card 1 for another class. */
    @Test
    void switchingTheClassSwitchesTheLayerCharts() throws Exception {
        Matcher m = Pattern.compile("\"k\":(\\d)").matcher(raw);
        assertThat(m.find()).isTrue();
        int other = (Integer.parseInt(m.group(1)) + 1) % 3;
        Path switched = dir.resolve("switched.html");
        Files.writeString(switched, raw.substring(0, m.start()) + "\"k\":" + other + raw.substring(m.end()));
        Document dom = Jsoup.parse(HeadlessChromium.run(dir, switched, "--dump-dom"));
        assertThat(dom.selectFirst("html").attr("data-ready")).isEqualTo("true");
        Element card = dom.selectFirst("#cards article.card");
        assertThat(card.attr("data-k")).isEqualTo(String.valueOf(other));
        assertThat(card.select(".flow:not(.off)")).hasSize(1);
        assertThat(card.selectFirst(".flow:not(.off)").attr("data-c")).isEqualTo(String.valueOf(other));
    }

    @Test
    void aReportWithoutLayersHasNoLayerCharts() throws Exception {
        Path plain = dir.resolve("plain.html");
        int code = LexrayCommand.execute(new String[] {"report", "-m", TinyTransformers.write(dir,
                TinyTransformers.Family.BERT).toString(), "-t", "a good film", "-o", plain.toString(),
            "--no-progress"}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(code).isZero();
        Document d = Jsoup.parse(Files.readString(plain));
        assertThat(d.select(".flow, section.head-summary")).isEmpty();
    }
}
