package dev.lexray.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lexray.LexrayJson;
import dev.lexray.report.PageAssets;
import dev.lexray.testing.Ci;
import dev.lexray.testing.HeadlessChromium;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in headless Chromium against a running server: a text typed in (given in the address,
 * {@code #text=...}, which the page feeds through its input event as typing does) comes back with every word
 * coloured by the report's scale from the relevance the API gives, under the page's Content-Security-Policy; a
 * hostile text shows as text and runs nothing. Skips without {@code /usr/bin/chromium}, fails without it in CI.
 */
@Timeout(300)
class LivePageBrowserTest {
    static final Path CHROMIUM = HeadlessChromium.EXECUTABLE;
    static final String NAME = "sentiment-bilstm-sst2";

    @TempDir
    static Path dir;
    static LexrayServer server;

    @BeforeAll
    static void start() {
        if (Files.isExecutable(CHROMIUM)) {
            server = LexrayServer.start(ServeOptions.defaults(List.of(Path.of("models", NAME))).withPort(0));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void needsChromium() {
        Ci.require(Files.isExecutable(CHROMIUM), "needs " + CHROMIUM + " (test.sh installs it when run as root)");
    }

    @Test
    void typedTextComesBackWithEveryWordColouredAsTheReportColoursIt() throws Exception {
        String text = "not bad at all, a charming little film";
        Document dom = page(text);
        assertThat(dom.selectFirst("html").attr("data-ready")).as("live.js ran under the CSP").isEqualTo("true");
        assertThat(dom.selectFirst("html").attr("data-state")).isEqualTo("done");
        JsonNode e = explain(text);
        Elements words = dom.select("#text span.w");
        JsonNode tokens = e.get("tokens");
        assertThat(words).hasSize(tokens.size());
        double max = 0;
        for (JsonNode t : tokens) {
            max = Math.max(max, Math.abs(t.get("relevance").asDouble()));
        }
        int coloured = 0;
        for (int i = 0; i < words.size(); i++) {
            double r = tokens.get(i).get("relevance").asDouble();
            assertThat(words.get(i).text()).isEqualTo(tokens.get(i).get("text").asText());
            assertThat(words.get(i).className()).as("word %d", i).isEqualTo("w " + PageAssets.cssClass(r, max));
            assertThat(Double.parseDouble(words.get(i).attr("data-r"))).isEqualTo(r);
            coloured += words.get(i).hasClass("z") ? 0 : 1;
        }
        assertThat(coloured).isGreaterThan(1);
        assertThat(dom.selectFirst("#text").text()).isEqualTo(text);
        assertThat(dom.selectFirst("#pred").text()).isEqualTo(e.get("predicted").get("label").asText());
        assertThat(dom.select("#classes button.chip")).hasSize(2);
        assertThat(dom.select("#classes button.chip.on").text()).startsWith(e.get("target").get("label").asText());
        assertThat(dom.select("#model option").eachAttr("value")).containsExactly(NAME);
        assertThat(dom.selectFirst("#result").hasAttr("hidden")).isFalse();
    }

    @Test
    void hostileTextIsShownAndRunsNothing() throws Exception {
        String hostile = "<img src=x onerror=\"document.title='pwned-img'\"> bad <script>document.title='pwned'"
                + "</script><b id=pwned>bold</b> <svg onload=\"document.title='pwned-svg'\"></svg> film";
        Document dom = page(hostile);
        assertThat(dom.selectFirst("html").attr("data-state")).isEqualTo("done");
        assertThat(dom.title()).isEqualTo("Lexray live");
        assertThat(dom.select("img, svg, #pwned, #text b, #text script")).isEmpty();
        assertThat(dom.selectFirst("#text").wholeText()).isEqualTo(hostile);
        assertThat(dom.select("#text span.w")).isNotEmpty();
    }

    static JsonNode explain(String text) throws Exception {
        var r = ServeEndToEndTest.send(server, "POST", "/v1/models/" + NAME + "/explain",
                "{\"texts\": " + LexrayJson.toLine(List.of(text)) + "}", null);
        return ServeEndToEndTest.ok(r).get("results").get(0);
    }

    /** The page's DOM after Chromium typed {@code text} (via the address) and the answer came back. */
    static Document page(String text) throws IOException, InterruptedException {
        String url = server.url() + "/#text=" + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        return Jsoup.parse(HeadlessChromium.run(dir, url, 10000, "--dump-dom"));
    }
}
