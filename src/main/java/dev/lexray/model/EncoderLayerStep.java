package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * One post-LayerNorm encoder layer: {@code y1 = LN1(x + out(attention(x)))}, {@code y2 = LN2(y1 + ffn(y1))}.
 * Attention tensors are per head: {@code q, k, v, context [B,heads,T,d]}, {@code scores} (scaled, before the mask)
 * and {@code probabilities [B,heads,T,T]}, {@code keyMask [B,1,1,T]} (1 for real tokens; null when the batch has
 * no padding, and then {@code maskedScores} is {@code scores}).
 */
public record EncoderLayerStep(EncoderLayer layer, NDArray input, DenseStep query, DenseStep key, DenseStep value,
        NDArray q, NDArray k, NDArray v, NDArray scores, NDArray maskedScores, NDArray probabilities,
        NDArray context, NDArray keyMask, DenseStep attentionOutput, LayerNorm.Trace attentionNorm,
        DenseStep ffnIn, DenseStep ffnOut, LayerNorm.Trace outputNorm) implements Step {
    @Override
    public String layerName() {
        return layer.name();
    }

    @Override
    public NDArray output() {
        return outputNorm.output();
    }
}
