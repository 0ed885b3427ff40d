package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.Explanation;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.ModelProbe;
import dev.lexray.Removal;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evaluation and the report on decoder classifiers: word removal scores the text without the word as
 * {@code predict} does (no special tokens to keep), and {@code lexray evaluate} and {@code lexray report} run through.
 */
class DecoderToolkitTest {
    @TempDir
    static Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {DecoderParityTest.QWEN2, DecoderParityTest.GPT2})
    void removalEvaluationAndReport(String name) throws IOException {
        Path dir = SharedData.require(name);
        String text = "a quietly moving film that earns its ending";
        try (LexrayModel model = Lexray.load(dir)) {
            Explanation e = model.explain(text);
            // A word inside the text ("moving"): its pieces go, the next word keeps its own space marker (Ġfilm).
            boolean[] third = new boolean[e.tokens().size()];
            third[2] = true;
            double[][] deleted = ModelProbe.of(model).logitsWithout(text, List.of(third), Removal.DELETE);
            assertThat(deleted[0]).containsExactly(
                    model.predict("a quietly film that earns its ending").logits(), within(1e-4));
        }
        Path corpus = tmp.resolve(dir.getFileName() + ".tsv");
        Files.writeString(corpus, """
                text\tlabel
                a quietly moving film that earns its ending\tpositive
                not worth the price of the ticket\tnegative
                the best performance of the year\tpositive
                dull , lifeless and far too long\tnegative
                """, StandardCharsets.UTF_8);
        Path out = tmp.resolve(dir.getFileName() + "-eval");
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"evaluate", "--model", dir.toString(), "--corpus",
            corpus.toString(), "--methods", "lrp,gradient-x-input,random", "--randomization-texts", "2", "--out",
            out.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertThat(json.get("texts").asInt()).isEqualTo(4);
        assertThat(json.get("methods")).hasSize(3);
        assertThat(json.get("methods").get(0).get("aopc").get("bins")).isNotEmpty();

        Path html = tmp.resolve(dir.getFileName() + ".html");
        code = LexrayCommand.execute(new String[] {"report", "--model", dir.toString(), "--input", corpus.toString(),
            "--labels-from", "label", "--out", html.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(html)).contains("quietly").contains("ticket");
    }
}
