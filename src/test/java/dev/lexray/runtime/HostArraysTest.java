package dev.lexray.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A view of an array made from Java data must stay valid after the original is closed and the JVM has collected
 * whatever it could: with DJL's plain {@code create} it reads freed memory (NaN or garbage), which once made
 * explanations wrong at random.
 */
class HostArraysTest {
    @Test
    void viewsOutliveTheOriginal() throws InterruptedException {
        int n = 1 << 20;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        double[] twos = new double[n];
        Arrays.fill(twos, 2.0);
        try (NDManager manager = TorchRuntime.newManager()) {
            NDArray f = HostArrays.of(manager, ones, new Shape(1024, 1024));
            NDArray d = HostArrays.of(manager, twos, new Shape(1024, 1024));
            NDArray fView = f.transpose();
            NDArray dView = d.reshape(n);
            f.close();
            d.close();
            churn();
            NDArray other = HostArrays.of(manager, new float[n], new Shape(n)); // reuses freed memory if any
            assertThat(fView.sum().getFloat()).isEqualTo(n);
            assertThat(dView.sum().getDouble()).isEqualTo(2.0 * n);
            assertThat(other.sum().getFloat()).isZero();
        }
    }

    @Test
    void integerArrays() {
        try (NDManager manager = TorchRuntime.newManager()) {
            assertThat(HostArrays.of(manager, new long[] {1, 2, 3, 4}, new Shape(2, 2)).toLongArray())
                    .containsExactly(1, 2, 3, 4);
            assertThat(HostArrays.of(manager, new int[] {5, 6}, new Shape(2)).toIntArray()).containsExactly(5, 6);
        }
    }

    /** Collects unreachable direct buffers (their memory is freed by cleaners) and reuses the space. */
    private static void churn() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            ByteBuffer.allocateDirect(1 << 22).put(0, (byte) 7);
        }
    }
}
