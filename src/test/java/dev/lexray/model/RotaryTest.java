package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotary inverse frequencies and {@code rope_scaling}, as HF's {@code modeling_rope_utils} computes them. */
class RotaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void plainFrequencies() {
        assertThat(new Rotary(500000, new Rotary.None()).inverseFrequencies(8))
                .containsExactly(new double[] {1.0, 0.03760603093086393, 0.001414213562373095, 5.318295896944989e-05},
                        within(1e-15));
    }

    /**
     * Llama 3.1's settings (factor 8, low 1, high 4, original context 8192) on a head of 8: wavelengths 6.3 and 167
     * are kept, 4443 lies between 2048 and 8192 and is smoothed, 118,100 is divided by 8. Expected values from HF's
     * formula evaluated separately (Python).
     */
    @Test
    void llama3Scaling() {
        Rotary r = new Rotary(500000, new Rotary.Llama3(8, 1, 4, 8192));
        assertThat(r.inverseFrequencies(8)).containsExactly(
                new double[] {1.0, 0.03760603093086393, 0.0005248461609929547, 6.647869871181236e-06}, within(1e-15));
    }

    @Test
    void linearScaling() {
        assertThat(new Rotary(10000, new Rotary.Linear(4)).inverseFrequencies(4)).containsExactly(0.25, 0.0025);
    }

    /** On the Qwen2 reference: linear factor 1 changes nothing, factor 4 changes the logits; unknown types refused. */
    @Test
    void readFromConfig() throws IOException {
        Path reference = SharedData.require("reference/qwen2-sst2-tiny");
        List<String> texts = List.of("a quietly moving film that earns its ending", "not worth the ticket");
        double[][] plain = logits(reference, texts);
        assertThat(logits(withRopeScaling(reference, "same", "{\"rope_type\": \"linear\", \"factor\": 1.0}"), texts))
                .isDeepEqualTo(plain);
        double[][] scaled = logits(withRopeScaling(reference, "linear", "{\"type\": \"linear\", \"factor\": 4.0}"),
                texts);
        assertThat(Math.abs(scaled[0][0] - plain[0][0]) + Math.abs(scaled[1][1] - plain[1][1])).isGreaterThan(1e-4);
        Path yarn = withRopeScaling(reference, "yarn", "{\"rope_type\": \"yarn\", \"factor\": 4.0}");
        assertThatThrownBy(() -> Lexray.load(yarn)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("rope_scaling type \"yarn\"");
        Path bad = withRopeScaling(reference, "bad", "{\"rope_type\": \"llama3\", \"factor\": 8.0}");
        assertThatThrownBy(() -> Lexray.load(bad)).isInstanceOf(LexrayException.class)
                .hasMessageContaining("low_freq_factor");
    }

    private static double[][] logits(Path dir, List<String> texts) {
        try (LexrayModel model = Lexray.load(dir)) {
            return model.predict(texts).stream().map(p -> p.logits()).toArray(double[][]::new);
        }
    }

    private Path withRopeScaling(Path reference, String name, String scaling) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(reference)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        config.set("rope_scaling", JSON.readTree(scaling));
        Files.delete(dir.resolve("config.json"));
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }
}
