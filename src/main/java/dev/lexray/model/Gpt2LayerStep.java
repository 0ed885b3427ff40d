package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * One GPT-2 block's forward values: per head {@code q, k, v, context [B,h,T,d]}, {@code scores} (scaled, before the
 * mask) and {@code probabilities [B,h,T,T]}, {@code visible [B,1,T,T]} (causal and padding mask, 1 = attended),
 * {@code residual = input + attentionOutput}, and the output {@code residual + ffnOut}.
 */
public record Gpt2LayerStep(Gpt2Layer layer, NDArray input, LayerNorm.Trace attentionNorm, DenseStep query,
        DenseStep key, DenseStep value, NDArray q, NDArray k, NDArray v, NDArray scores, NDArray maskedScores,
        NDArray probabilities, NDArray context, NDArray visible, DenseStep attentionOutput, NDArray residual,
        LayerNorm.Trace mlpNorm, DenseStep ffnIn, DenseStep ffnOut, NDArray output) implements Step {
    @Override
    public String layerName() {
        return layer.name();
    }
}
