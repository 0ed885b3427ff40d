package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Parameters} holds each weight once: the host copy goes when the float32 tensor is made, and asking for host
 * values afterwards reads the very same numbers back; float64 is cast from the float32 tensor.
 */
class ParametersTest {
    @TempDir
    Path tmp;

    @Test
    void hostValuesReadBackAfterMaterialisingEqualTheFileAndFloat64IsTheirCast() {
        Path dir = TinyModels.bilstm(tmp);
        Map<String, Tensor> file = SafetensorsFile.read(dir.resolve("model.safetensors"));
        try (SequentialClassifier model = ModelLoader.load(dir)) {
            Parameters p = model.parameters();
            assertThat(p.names()).containsExactlyInAnyOrderElementsOf(file.keySet());
            Map<String, float[]> before = new HashMap<>();
            for (String name : p.names()) {
                before.put(name, p.tensor(name).values());
                assertThat(p.shape(name)).isEqualTo(file.get(name).shape());
            }
            for (String name : p.names()) {
                NDArray f32 = p.get(name, DataType.FLOAT32);
                assertThat(p.get(name, DataType.FLOAT32)).isSameAs(f32); // made once
                Tensor back = p.tensor(name); // read back from the engine: the host copy is gone
                assertThat(back.values()).isEqualTo(file.get(name).values()).isEqualTo(before.get(name));
                assertThat(back.shape()).isEqualTo(file.get(name).shape());
                double[] f64 = p.get(name, DataType.FLOAT64).toDoubleArray();
                float[] v = back.values();
                for (int i = 0; i < v.length; i++) {
                    assertThat(f64[i]).isEqualTo((double) v[i]);
                }
            }
            // a copy with one tensor replaced keeps the others' values, read back or not
            String first = p.names().iterator().next();
            Tensor zeros = new Tensor(first, p.shape(first), new float[before.get(first).length]);
            try (Parameters copy = p.withReplaced(Map.of(first, zeros))) {
                for (String name : p.names()) {
                    assertThat(copy.tensor(name).values())
                            .isEqualTo(name.equals(first) ? zeros.values() : before.get(name));
                }
            }
        }
    }
}
