package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/** The final norm of a decoder, {@code [B,T,H]} to {@code [B,T,H]}: one of the two traces is set. */
public record NormStep(String layerName, RmsNorm.Trace rmsNorm, LayerNorm.Trace layerNorm) implements Step {
    @Override
    public NDArray output() {
        return rmsNorm != null ? rmsNorm.output() : layerNorm.output();
    }
}
