package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Looks up {@code weight [V,E]} rows for {@code ids [B,T]}, giving {@code [B,T,E]}. */
public record EmbeddingLayer(String name, String weightName) implements Layer {
    @Override
    public List<String> parameterNames() {
        return List.of(weightName);
    }

    @Override
    public EmbeddingStep forward(NDArray ids, ForwardContext context) {
        NDArray weight = context.parameters().get(weightName, context.dtype());
        Shape s = ids.getShape();
        NDArray rows = weight.get(ids.reshape(-1));
        return new EmbeddingStep(name, rows.reshape(s.get(0), s.get(1), weight.getShape().get(1)));
    }
}
