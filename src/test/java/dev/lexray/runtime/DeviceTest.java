package dev.lexray.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.Device;
import dev.lexray.Lexray;
import dev.lexray.LexrayModel;
import dev.lexray.LoadOptions;
import dev.lexray.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device} / {@link LoadOptions#device()}: names map to DJL devices, the CPU is the default and computes the
 * same as before, and a GPU that libtorch cannot see (always so with the bundled CPU build) is refused at load with
 * what to do, never deep inside a batch.
 */
class DeviceTest {
    @TempDir
    Path tmp;

    @Test
    void namesMapToDevices() {
        assertThat(TorchRuntime.device("cpu")).isEqualTo(Device.cpu());
        assertThat(TorchRuntime.device(" CPU ")).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> TorchRuntime.device("tpu")).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("unknown device 'tpu'").hasMessageContaining("cpu, gpu or gpu:N");
        assertThatThrownBy(() -> TorchRuntime.device("gpu:x")).isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining("unknown device");
    }

    @Test
    void aGpuLibtorchCannotSeeIsRefusedWithWhatToDo() {
        assumeThat(TorchRuntime.engine().getGpuCount()).as("a machine without a CUDA libtorch").isZero();
        for (String name : List.of("gpu", "gpu:0", "cuda", "cuda:1")) {
            assertThatThrownBy(() -> TorchRuntime.device(name)).isExactlyInstanceOf(LexrayException.class)
                    .hasMessageContaining("no CUDA GPU").hasMessageContaining("PYTORCH_LIBRARY_PATH")
                    .hasMessageContaining("PYTORCH_FLAVOR=cu128");
        }
        Path dir = TinyModels.bilstm(tmp);
        assertThatThrownBy(() -> Lexray.load(dir, LoadOptions.defaults().withDevice("gpu")))
                .isExactlyInstanceOf(LexrayException.class).hasMessageContaining("no CUDA GPU");
    }

    @Test
    void theCpuIsTheDefaultAndComputesTheSame() {
        Path dir = TinyModels.bilstm(tmp);
        assertThat(LoadOptions.defaults().device()).isEqualTo("cpu");
        assertThatThrownBy(() -> LoadOptions.defaults().withDevice(" ")).isInstanceOf(IllegalArgumentException.class);
        try (LexrayModel a = Lexray.load(dir); LexrayModel b = Lexray.load(dir, LoadOptions.defaults().withDevice("cpu"))) {
            List<String> texts = List.of("a fine film", "not good at all");
            assertThat(b.explain(texts).get(1).tokens()).isEqualTo(a.explain(texts).get(1).tokens());
        }
    }
}
