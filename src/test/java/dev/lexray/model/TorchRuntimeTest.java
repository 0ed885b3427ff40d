package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lexray.runtime.TorchRuntime;
import org.junit.jupiter.api.Test;

class TorchRuntimeTest {
    @Test
    void startsPyTorchOfflineAndComputes() {
        assertThat(TorchRuntime.engine().getEngineName()).isEqualTo("PyTorch");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        try (NDManager m = TorchRuntime.newManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            assertThat(a.sum().getFloat()).isEqualTo(6f);
        }
    }
}
