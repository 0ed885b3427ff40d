package dev.lexray.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Llama and Mistral share Qwen2's layout without the q/k/v biases: the Qwen2 reference with its biases zeroed must
 * give the same logits as the same weights saved as Llama (no bias tensors) or Mistral (no window set). Mistral's
 * sliding window changes a long text's logits only when it is shorter than the text.
 */
class DecoderLayoutsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> TEXTS = TransformerParityTest.SENTENCES;

    @TempDir
    Path tmp;

    @Test
    void llamaAndMistralAreQwen2WithoutBiases() throws IOException {
        Path ref = SharedData.require(DecoderParityTest.QWEN2);
        Map<String, Tensor> tensors = SafetensorsFile.read(ref.resolve("model.safetensors"));
        Map<String, Tensor> zeroBias = new LinkedHashMap<>();
        Map<String, Tensor> noBias = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name.endsWith("_proj.bias")) {
                zeroBias.put(name, new Tensor(name, t.shape(), new float[t.values().length]));
            } else {
                zeroBias.put(name, t);
                noBias.put(name, t);
            }
        });
        Path qwen = copy(ref, "qwen2-zero-bias", zeroBias, c -> {});
        Path llama = copy(ref, "llama", noBias, c -> c.put("model_type", "llama")
                .set("architectures", JSON.createArrayNode().add("LlamaForSequenceClassification")));
        Path mistral = copy(ref, "mistral", noBias, c -> c.put("model_type", "mistral").putNull("sliding_window")
                .set("architectures", JSON.createArrayNode().add("MistralForSequenceClassification")));
        Path windowed = copy(ref, "mistral-window", noBias, c -> c.put("model_type", "mistral")
                .put("sliding_window", 4));
        Path wide = copy(ref, "mistral-wide", noBias, c -> c.put("model_type", "mistral")
                .put("sliding_window", 64));
        double[][] expected = logits(qwen);
        for (Path dir : List.of(llama, mistral, wide)) {
            double[][] got = logits(dir);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(got[i]).as("%s: %s", dir.getFileName(), TEXTS.get(i)).containsExactly(expected[i],
                        within(1e-6));
            }
        }
        // A window of 4 keys changes the 31-token text, not the first 4 positions' view of a 4-token text.
        double[][] narrow = logits(windowed);
        assertThat(Math.abs(narrow[2][0] - expected[2][0])).isGreaterThan(1e-3);
        // Biases are where Qwen2 differs: Llama refuses them as tensors config.json does not explain.
        Path llamaWithBias = copy(ref, "llama-bias", tensors, c -> c.put("model_type", "llama"));
        assertThatThrownBy(() -> Lexray.load(llamaWithBias)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("q_proj.bias");
    }

    private double[][] logits(Path dir) {
        try (LexrayModel model = Lexray.load(dir)) {
            return model.predict(TEXTS).stream().map(p -> p.logits()).toArray(double[][]::new);
        }
    }

    private Path copy(Path ref, String name, Map<String, Tensor> tensors, Consumer<ObjectNode> edit)
            throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        ObjectNode config = (ObjectNode) JSON.readTree(ref.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(ref.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }
}
