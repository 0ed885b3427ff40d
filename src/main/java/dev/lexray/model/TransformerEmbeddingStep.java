package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * Transformer input: {@code sum [B,T,H]} = word + position (+ token type) embeddings, then LayerNorm ({@code norm}
 * null where there is none: the sum is the output). Relevance reaching {@code sum} is summed over the hidden
 * dimension: that is each token's relevance.
 */
public record TransformerEmbeddingStep(String layerName, NDArray sum, LayerNorm.Trace norm) implements Step {
    @Override
    public NDArray output() {
        return norm == null ? sum : norm.output();
    }
}
