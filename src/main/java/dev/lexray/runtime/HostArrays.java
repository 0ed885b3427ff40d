package dev.lexray.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The one way Lexray turns Java arrays into {@link NDArray}s: in memory that libtorch owns.
 *
 * <p>DJL's {@code NDManager.create} on the PyTorch engine wraps a JVM direct buffer ({@code torch::from_blob})
 * that only the created {@code NDArray} keeps alive. A view of it (reshape, transpose, slice, a same-type
 * {@code toType}) that outlives the original, for instance because a scope closed the original, reads freed memory
 * once the buffer is garbage collected: wrong numbers that depend on GC timing. A copy made by libtorch has no such
 * tie.
 */
public final class HostArrays {
    private HostArrays() {}

    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    public static NDArray of(NDManager manager, double[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    public static NDArray of(NDManager manager, long[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    public static NDArray of(NDManager manager, int[] data, Shape shape) {
        return owned(manager.create(data, shape));
    }

    private static NDArray owned(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }
}
