package dev.lexray.model;

import ai.djl.ndarray.NDArray;

/**
 * One Llama-style decoder layer's forward values: per head {@code q [B,h,T,d]}, {@code k [B,kvh,T,d]} before and
 * after the rotary embedding, {@code keys}/{@code values} repeated to the h query heads, {@code cos, sin [T,d]},
 * {@code scores} (scaled, before the mask), {@code probabilities}, {@code context [B,h,T,d]}, {@code visible
 * [B,1,T,T]} (causal and padding mask, 1 = attended), {@code residual = input + attentionOutput}, the SwiGLU gate
 * {@code silu(gate)} and {@code hidden = gateActivation * up}, and the output {@code residual + down(hidden)}.
 */
public record DecoderLayerStep(DecoderLayer layer, NDArray input, RmsNorm.Trace inputNorm, DenseStep query,
        DenseStep key, DenseStep value, NDArray q, NDArray k, NDArray qRotated, NDArray kRotated, NDArray keys,
        NDArray values, NDArray cos, NDArray sin, NDArray scores, NDArray maskedScores, NDArray probabilities,
        NDArray context, NDArray visible, DenseStep attentionOutput, NDArray residual,
        RmsNorm.Trace postAttentionNorm, DenseStep gate, DenseStep up, NDArray gateActivation, NDArray hidden,
        DenseStep down, NDArray output) implements Step {
    @Override
    public String layerName() {
        return layer.name();
    }
}
