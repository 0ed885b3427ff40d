package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.ExplainOptions;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.Precision;
import dev.lexray.attribution.Methods;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.testing.RandomCnns;
import dev.lexray.testing.RandomModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code cnn} model through everything that was written before it existed, unchanged: the Java API with every
 * attribution method of the registry, and the CLI's explain, report and evaluate commands.
 */
class CnnApiSmokeTest {
    @TempDir
    static Path temp;
    static Path model;

    @BeforeAll
    static void write() {
        model = RandomCnns.write(temp.resolve("cnn"), RandomCnns.kim("relu", "max", 51).withHidden(List.of(5)));
    }

    @Test
    void everyMethodExplainsThroughTheJavaApi() {
        List<String> texts = RandomModels.TEXTS;
        try (LexrayModel m = Lexray.load(model)) {
            for (String name : Methods.names()) {
                ExplainOptions options = ExplainOptions.defaults().withPrecision(Precision.FLOAT64)
                        .withMethod(Methods.fromOptions(name, Map.of("samples", 50)));
                List<Explanation> explained = m.explain(texts, options);
                assertThat(explained).hasSameSizeAs(texts);
                for (int i = 0; i < texts.size(); i++) {
                    Explanation e = explained.get(i);
                    assertThat(e.relevances()).as(name).hasSize(texts.get(i).split(" ").length);
                    assertThat(Arrays.stream(e.relevances()).allMatch(Double::isFinite)).as(name).isTrue();
                    assertThat(e.logits()).containsExactly(m.predict(texts.get(i)).logits(), within(1e-5));
                }
                assertThat(explained).as(name)
                        .anyMatch(e -> Arrays.stream(e.relevances()).anyMatch(r -> Math.abs(r) > 1e-6));
            }
        }
    }

    record Result(int code, String out, String err) {}

    static Result lexray(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void explainReportAndEvaluateCommands() throws IOException {
        Result explain = lexray("explain", "--model", model.toString(), "-t", "the acting was great",
                "--rule", "deep-taylor");
        assertThat(explain.code()).as(explain.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(explain.out());
        assertThat(json.toString()).contains("acting").contains("great");

        Path page = temp.resolve("report.html");
        Result report = lexray("report", "--model", model.toString(), "-t", "not bad and really fun", "-o",
                page.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(Files.readString(page)).contains("really");

        Path corpus = temp.resolve("reviews.tsv");
        Files.writeString(corpus, """
                text\tlabel
                the movie is good\ta
                great acting great story\tb
                the film is bad\tc
                terrible plot and boring ending\ta
                the story was not boring\tb
                """, StandardCharsets.UTF_8);
        Path out = temp.resolve("eval");
        Result evaluate = lexray("evaluate", "--model", model.toString(), "--corpus", corpus.toString(),
                "--methods", "lrp,gradient-x-input,occlusion,random", "--randomization-texts", "3", "--out",
                out.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertThat(result.get("methods")).hasSize(4);
        assertThat(result.get("methods").get(0).get("aopc").get("bins")).hasSize(5);
        assertThat(result.get("methods").get(0).get("randomization").get("stages").size()).isGreaterThan(1);
    }
}
