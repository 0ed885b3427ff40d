package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * A linear map followed by an element-wise activation: {@code z = input W^T + b}, {@code output = act(z)}.
 * Shapes {@code input [B,N]}, {@code z [B,M]}.
 */
public record DenseStep(DenseLayer layer, NDArray input, NDArray weight, NDArray bias, NDArray z, NDArray output)
        implements Step {
    @Override
    public String layerName() {
        return layer.name();
    }
}
