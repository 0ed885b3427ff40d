package dev.lexray.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.testing.TinyModels;
import dev.lexray.testing.TinyTransformers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --layers / --top-neurons} and {@code lexray neurons} on the command line. */
class LayersCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path models;
    static String bag;
    static String bilstm;
    static String bert;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildModels() {
        bag = TinyModels.bagMlp(models.resolve("tiny-bag")).toString();
        bilstm = TinyModels.bilstm(models.resolve("tiny-bilstm")).toString();
        bert = TinyTransformers.write(models, TinyTransformers.Family.BERT).toString();
    }

    @Test
    void layersFollowTheConservationFromOutputToEmbedding() throws IOException {
        CliTest.Result r = CliTest.lexray("explain", "--model", bilstm, "--text", "the movie is not good", "--layers");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        JsonNode e = JSON.readTree(r.out());
        assertThat(e.get("pieces")).hasSize(5);
        JsonNode layers = e.get("layers");
        assertThat(kinds(layers)).containsExactly("dense", "pooling-final", "lstm", "embedding");
        assertThat(fields(layers.get(0))).containsExactly("name", "kind", "relevance_sum", "absorbed");
        assertThat(layers.get(0).get("relevance_sum").asDouble())
                .isCloseTo(e.get("conservation").get("target_score").asDouble(), within(1e-6));
        assertThat(fields(layers.get(2))).contains("initial_state", "positions").doesNotContain("neurons", "heads");
        assertThat(layers.get(2).get("positions")).hasSize(5);
        // without --layers the object is as before
        JsonNode plain = JSON.readTree(CliTest.lexray("explain", "--model", bilstm, "--text", "good").out());
        assertThat(fields(plain)).doesNotContain("layers", "pieces");
    }

    @Test
    void topNeuronsListsTheLargestUnitsPerDenseAndRecurrentLayer() throws IOException {
        CliTest.Result r = CliTest.lexray("explain", "--model", bilstm, "--text", "the movie is not good",
                "--top-neurons", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode layers = JSON.readTree(r.out()).get("layers");
        JsonNode lstm = layers.get(2);
        assertThat(lstm.get("neurons")).hasSize(3);
        assertThat(fields(lstm.get("neurons").get(0))).containsExactly("index", "relevance", "activation", "word");
        assertThat(layers.get(0).get("neurons").get(0).has("word")).isFalse();
        assertThat(layers.get(1).has("neurons")).isFalse();
    }

    @Test
    void transformersGetHeadsPerLayer() throws IOException {
        CliTest.Result r = CliTest.lexray("explain", "--model", bert, "--text", "the movie was not very good",
                "--layers", "--attention", "attnlrp");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode e = JSON.readTree(r.out());
        List<JsonNode> encoders = new ArrayList<>();
        e.get("layers").forEach(l -> {
            if (l.get("kind").asText().equals("encoder")) {
                encoders.add(l);
            }
        });
        assertThat(encoders).hasSize(2);
        assertThat(encoders.get(0).get("heads")).hasSize(2);
        assertThat(encoders.get(0).get("positions")).hasSize(e.get("pieces").size());
    }

    @Test
    void textFormatListsTheLayers() {
        CliTest.Result r = CliTest.lexray("explain", "--model", bilstm, "--text", "the movie is not good",
                "--top-neurons", "2", "--format", "text", "--color", "never");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("layers (output to embedding):").contains("lstm").contains("initial state")
                .contains("units ");
    }

    @Test
    void badLayerOptionsExitTwo() {
        CliTest.Result negative = CliTest.lexray("explain", "--model", bag, "--text", "good", "--top-neurons", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).startsWith("lexray:").contains("--top-neurons");
        assertThat(negative.out()).isEmpty();
        CliTest.Result baseline = CliTest.lexray("explain", "--model", bag, "--text", "good", "--layers",
                "--method", "gradient");
        assertThat(baseline.code()).isEqualTo(2);
        assertThat(baseline.err()).startsWith("lexray:").contains("--layers").doesNotContain("Exception");
    }

    @Test
    void neuronsListsUnitsPerClassWithTheirWords() throws IOException {
        Path corpus = tmp.resolve("texts.txt");
        Files.writeString(corpus, "the movie is good\nnot a good film\nthe film is bad\nawful movie\ngreat great\n",
                StandardCharsets.UTF_8);
        CliTest.Result r = CliTest.lexray("neurons", "--model", bilstm, "--corpus", corpus.toString(), "--top", "2",
                "--words", "3", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.get("texts").asInt()).isEqualTo(5);
        int predicted = 0;
        for (JsonNode c : s.get("classes")) {
            predicted += c.get("texts").asInt();
            JsonNode lstm = c.get("layers").get(0);
            assertThat(lstm.get("kind").asText()).isEqualTo("lstm");
            assertThat(lstm.get("units")).hasSize(2);
            JsonNode unit = lstm.get("units").get(0);
            assertThat(unit.get("mean_relevance").asDouble())
                    .isGreaterThanOrEqualTo(lstm.get("units").get(1).get("mean_relevance").asDouble());
            assertThat(unit.get("words").size()).isBetween(1, 3);
            assertThat(TinyModels.VOCAB).contains(unit.get("words").get(0).get("word").asText());
        }
        assertThat(predicted).isEqualTo(5);
        CliTest.Result text = CliTest.lexray("neurons", "--model", bag, "--corpus", corpus.toString());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("5 texts").contains("class ").contains("unit ");
        CliTest.Result missing = CliTest.lexray("neurons", "--model", bag, "--corpus", tmp.resolve("nope.txt")
                .toString());
        assertThat(missing.code()).isEqualTo(2);
    }

    private static List<String> kinds(JsonNode layers) {
        List<String> out = new ArrayList<>();
        layers.forEach(l -> out.add(l.get("kind").asText()));
        return out;
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
