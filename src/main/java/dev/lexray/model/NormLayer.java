package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A decoder's final norm as a layer of its own, applied to every position: {@code model.norm} (RMSNorm, Llama-style)
 * or {@code transformer.ln_f} (LayerNorm, GPT-2); exactly one of the two is set.
 */
public record NormLayer(String name, RmsNorm rmsNorm, LayerNorm layerNorm) implements Layer {
    public NormLayer(String name, RmsNorm rmsNorm) {
        this(name, rmsNorm, null);
    }

    public NormLayer(String name, LayerNorm layerNorm) {
        this(name, null, layerNorm);
    }

    @Override
    public List<String> parameterNames() {
        return rmsNorm != null ? rmsNorm.parameterNames() : layerNorm.parameterNames();
    }

    @Override
    public NormStep forward(NDArray input, ForwardContext context) {
        return rmsNorm != null ? new NormStep(name, rmsNorm.forward(input, context), null)
                : new NormStep(name, null, layerNorm.forward(input, context));
    }
}
