package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A decoder's final RMSNorm ({@code model.norm}) as a layer of its own, applied to every position. */
public record NormLayer(String name, RmsNorm norm) implements Layer {
    @Override
    public List<String> parameterNames() {
        return norm.parameterNames();
    }

    @Override
    public NormStep forward(NDArray input, ForwardContext context) {
        return new NormStep(name, norm.forward(input, context));
    }
}
