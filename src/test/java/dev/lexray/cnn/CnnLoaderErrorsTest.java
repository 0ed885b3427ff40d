package dev.lexray.cnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.cli.LexrayCommand;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.RandomCnns;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code cnn} directory whose config and weights disagree is refused with a message that says what is wrong. */
class CnnLoaderErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path model(String name) {
        return RandomCnns.write(temp.resolve(name), RandomCnns.kim("relu", "max", 7).withHidden(List.of(4)));
    }

    private static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(config));
    }

    private static void editWeights(Path dir, Consumer<Map<String, Tensor>> edit) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(SafetensorsFile.read(dir.resolve("model.safetensors")));
        edit.accept(tensors);
        SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
    }

    private static String error(Path dir) {
        try (SequentialClassifier ignored = ModelLoader.load(dir)) {
            throw new AssertionError("loaded " + dir);
        } catch (LexrayException e) {
            return e.getMessage();
        }
    }

    @Test
    void loadsWhenConfigAndWeightsAgree() {
        try (SequentialClassifier m = ModelLoader.load(model("ok"))) {
            assertThat(m.architecture()).isEqualTo("cnn");
            assertThat(m.weightedLayers()).containsExactly("embedding", "convs", "mlp.0", "classifier");
        }
    }

    @Test
    void missingTensor() {
        Path dir = model("missing");
        editWeights(dir, t -> t.remove("convs.1.bias"));
        assertThat(error(dir)).contains("lacks tensor [convs.1.bias] (expected convs.1.bias [3]");
    }

    @Test
    void wrongKernelWidth() throws IOException {
        Path dir = model("width");
        editConfig(dir, c -> c.putPOJO("filter_sizes", List.of(2, 3, 5)));
        assertThat(error(dir)).contains("tensor convs.2.weight has shape [3, 5, 4]")
                .contains("config.json implies [3, 5, 5]");
    }

    @Test
    void wrongFilterCountOrEmbeddingDim() throws IOException {
        Path dir = model("count");
        editConfig(dir, c -> c.put("num_filters", 4));
        assertThat(error(dir)).contains("tensor convs.0.weight has shape [3, 5, 2]")
                .contains("config.json implies [4, 5, 2]");
    }

    @Test
    void moreWidthsInTheFileThanTheConfigNames() throws IOException {
        Path dir = model("extra");
        editConfig(dir, c -> c.putPOJO("filter_sizes", List.of(2, 3)));
        assertThat(error(dir)).contains("config.json does not explain").contains("convs.2.weight");
    }

    @Test
    void badSettings() throws IOException {
        Path dir = model("settings");
        editConfig(dir, c -> c.putPOJO("filter_sizes", List.of()));
        assertThat(error(dir)).contains("\"filter_sizes\" is empty");
        editConfig(dir, c -> c.putPOJO("filter_sizes", List.of(2, 0, 4)));
        assertThat(error(dir)).contains("\"filter_sizes[1]\" is 0");
        editConfig(dir, c -> {
            c.putPOJO("filter_sizes", List.of(2, 3, 4));
            c.put("num_filters", -3);
        });
        assertThat(error(dir)).contains("\"num_filters\" is -3");
        editConfig(dir, c -> {
            c.put("num_filters", 3);
            c.put("pooling", "final");
        });
        assertThat(error(dir)).contains("cnn pools over time with \"max\" (Kim) or \"mean\", not \"final\"");
        editConfig(dir, c -> c.put("pooling", "avg"));
        assertThat(error(dir)).contains("cnn pools over time with \"max\" (Kim) or \"mean\", not \"avg\"");
        editConfig(dir, c -> {
            c.put("pooling", "max");
            c.put("activation", "swish");
        });
        assertThat(error(dir)).contains("unknown activation 'swish'");
    }

    @Test
    void theCliSaysSoWithExitCode2() throws IOException {
        Path dir = model("cli");
        editWeights(dir, t -> t.remove("convs.0.weight"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LexrayCommand.execute(new String[] {"explain", "--model", dir.toString(), "--text", "good film"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("lacks tensor [convs.0.weight] (expected convs.0.weight [3, 5, 2]").doesNotContain("Exception");
    }
}
