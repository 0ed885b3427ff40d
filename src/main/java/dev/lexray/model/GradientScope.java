package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.lexray.runtime.TorchRuntime;

/**
 * Records gradients on the calling thread only, like DJL's {@code GradientCollector} but without its process-wide
 * "one collector at a time" guard, so that worker threads compute gradient baselines in parallel. libtorch's grad
 * mode is thread-local and independent graphs back-propagate independently.
 */
public final class GradientScope implements AutoCloseable {
    private final boolean previous;

    public GradientScope() {
        TorchRuntime.configureThread();
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Back-propagates a scalar; gradients accumulate on the arrays that require them. */
    public void backward(NDArray scalar) {
        NDArray ones = scalar.onesLike();
        JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
    }

    @Override
    public void close() {
        if (!previous) {
            JniUtils.setGradMode(false);
        }
    }
}
