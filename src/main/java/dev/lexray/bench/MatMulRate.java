package dev.lexray.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.runtime.TorchRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's measured float32 matrix-multiply rate through the same libtorch the models run on: the physical
 * limit a forward pass's GFLOP/s is compared with. Runs {@code workers} threads at once, each with the bench's
 * intra-op threads, as the bench runs its batches, and sums their rates.
 */
public final class MatMulRate {
    /** Side of the square matrices (1024: large enough for the BLAS kernel's full speed, small to allocate). */
    public static final int SIZE = 1024;

    private MatMulRate() {}

    /** GFLOP/s of {@code workers} threads each multiplying 1024x1024 float32 matrices for about {@code seconds}. */
    public static double measure(int workers, double seconds) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Double>> rates = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                rates.add(pool.submit(() -> oneThread(seconds)));
            }
            double sum = 0;
            for (Future<Double> f : rates) {
                sum += f.get();
            }
            return sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matrix-multiply measurement failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double oneThread(double seconds) {
        try (NDManager m = TorchRuntime.newManager()) {
            NDArray a = m.randomNormal(new Shape(SIZE, SIZE)).toType(DataType.FLOAT32, false);
            NDArray b = m.randomNormal(new Shape(SIZE, SIZE)).toType(DataType.FLOAT32, false);
            // One untimed product: the first call pays for kernel selection and page faults.
            a.matMul(b).close();
            int n = 0;
            long t0 = System.nanoTime();
            long elapsed;
            do {
                a.matMul(b).close(); // libtorch runs eagerly: the product is done when matMul returns
                n++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < seconds * 1e9);
            return 2.0 * SIZE * SIZE * SIZE * n / (elapsed / 1e9) / 1e9;
        }
    }
}
