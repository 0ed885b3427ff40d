package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * Transformer input: {@code sum [B,T,H]} = {@code words} (the word/token embeddings, HF's {@code inputs_embeds}) +
 * position (+ token type) embeddings, then LayerNorm ({@code norm} null where there is none: the sum is the output).
 * Relevance reaching {@code sum} is summed over the hidden dimension: that is each token's relevance (or, in LXT's
 * convention, the share of it that the word embedding carries).
 */
public record TransformerEmbeddingStep(String layerName, NDArray words, NDArray sum, LayerNorm.Trace norm)
        implements Step {
    @Override
    public NDArray output() {
        return norm == null ? sum : norm.output();
    }
}
