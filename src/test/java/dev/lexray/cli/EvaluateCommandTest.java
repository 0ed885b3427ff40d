package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.testing.TinyModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lexray evaluate} end to end on a tiny model and a corpus file: files, escaping, errors. */
class EvaluateCommandTest {
    @TempDir
    static Path dir;
    static String model;
    static String corpus;

    @BeforeAll
    static void setUp() throws IOException {
        // A directory name that needs escaping in HTML and in Markdown.
        model = TinyModels.bagMlp(dir.resolve("tiny<b>&\"|model")).toString();
        Path c = dir.resolve("reviews.tsv");
        Files.writeString(c, """
                text\tlabel
                the movie is good\tpositive
                a great film\tpositive
                the film is bad\tnegative
                an awful movie\tnegative
                the movie is not good\tnegative
                good good film\tpositive
                """, StandardCharsets.UTF_8);
        corpus = c.toString();
    }

    record Result(int code, String out, String err) {}

    static Result lexray(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void writesJsonMarkdownAndASelfContainedPage() throws IOException {
        Path out = dir.resolve("out");
        Result r = lexray("evaluate", "--model", model, "--corpus", corpus,
                "--methods", "lrp,gradient-x-input,occlusion,lime,random", "--samples", "50",
                "--method-limit", "lime=3", "--randomization-texts", "3", "--out", out.toString());
        assertThat(r.err()).contains("lexray: [").contains("lrp: explaining the true class").contains("wrote");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertThat(json.get("format").asText()).isEqualTo("lexray-evaluation/1");
        assertThat(json.get("texts").asInt()).isEqualTo(6);
        assertThat(json.get("methods")).hasSize(5);
        JsonNode lrp = json.get("methods").get(0);
        assertThat(lrp.get("name").asText()).isEqualTo("lrp");
        assertThat(lrp.get("deletion").get("correct").get("accuracy").get(0).asDouble()).isEqualTo(1.0);
        assertThat(lrp.get("aopc").get("bins")).hasSize(5);
        assertThat(lrp.get("randomization").get("stages")).hasSize(3);
        assertThat(lrp.has("plausibility")).isFalse(); // no rationales in this corpus
        assertThat(json.get("methods").get(3).get("texts").asInt()).isEqualTo(3);
        assertThat(json.get("command").asText()).startsWith("lexray evaluate --model '");
        assertThat(json.get("notes").toString()).contains("lime was evaluated on the first 3 of 6 texts");

        String md = Files.readString(out.resolve("evaluation.md"));
        assertThat(r.out()).isEqualTo(md);
        assertThat(md).contains("## Word deletion, correctly classified texts").contains("## AOPC")
                .contains("## Randomisation sanity check").contains("## Cost")
                .contains("tiny&lt;b&gt;&amp;\"\\|model");

        String html = Files.readString(out.resolve("evaluation.html"));
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'")
                .contains("script-src 'none'").contains("<svg").contains("<polyline")
                .contains("tiny&lt;b>&amp;&#34;|model")
                .doesNotContain("<script").doesNotContain("tiny<b>").doesNotContain("http://", "https://")
                .doesNotContain("src=");
        // The one style element is what the CSP hash allows.
        String css = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        assertThat(html).contains("style-src " + cspHash(css) + ";");
    }

    @Test
    void userErrorsExitTwoWithOneLine() {
        Path out = dir.resolve("never");
        Result badMetric = lexray("evaluate", "--model", model, "--corpus", corpus, "--metrics",
                "speed", "--out", out.toString());
        assertThat(badMetric.code()).isEqualTo(2);
        assertThat(badMetric.err()).contains("unknown metric 'speed'");
        Result single = lexray("evaluate", "--model", model, "--corpus", corpus, "--method", "lrp",
                "--out", out.toString());
        assertThat(single.code()).isEqualTo(2);
        assertThat(single.err()).contains("use --methods");
        Result labels = lexray("evaluate", "--model", model, "--corpus", corpus, "--label-map",
                "positive=happy", "--out", out.toString());
        assertThat(labels.code()).isEqualTo(2);
        assertThat(labels.err()).contains("'positive'").contains("--label-map");
        assertThat(out).doesNotExist();
    }

    static String cspHash(String content) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
