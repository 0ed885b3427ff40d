package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * Pooling over time: {@code input [B,T,D]} to {@code output [B,D]}. {@code argmax [B,D]} (int64) is set for
 * max pooling only.
 */
public record PoolingStep(TimePooling layer, NDArray input, NDArray mask, NDArray output, NDArray argmax)
        implements Step {
    @Override
    public String layerName() {
        return layer.name();
    }
}
