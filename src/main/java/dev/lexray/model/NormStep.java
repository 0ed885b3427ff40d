package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/** The final norm of a decoder: {@code [B,T,H]} to {@code [B,T,H]}. */
public record NormStep(String layerName, RmsNorm.Trace norm) implements Step {
    @Override
    public NDArray output() {
        return norm.output();
    }
}
