package dev.lexray.model;

import ai.djl.ndarray.types.DataType;

/**
 * What every layer's forward pass needs besides its input: the weights, the compute type and the batch.
 * {@code detachForGradient} makes the forward the one whose gradient x input equals CP-LRP (attention
 * probabilities and LayerNorm scales detached, GELU and tanh as {@code x * stopGradient(f(x)/x)}); it is for tests
 * and gradient baselines that want that view, never for predictions. {@code keepScores}: attention layers keep
 * their scores before and after the mask ({@code [B,h,T,T]} each) in their steps; only AttnLRP's softmax rule reads
 * them, so a CP-LRP trace leaves them out. {@code recording}: the steps are kept for relevance propagation, so layers
 * compute what the rules read besides their output (LayerNorm's scale); a forward-only pass ({@link #forwardOnly})
 * computes the output alone, with fused kernels where they exist.
 */
public record ForwardContext(Parameters parameters, DataType dtype, SequenceBatch batch, boolean detachForGradient,
        boolean keepScores, boolean recording) {
    public ForwardContext(Parameters parameters, DataType dtype, SequenceBatch batch, boolean detachForGradient,
            boolean keepScores) {
        this(parameters, dtype, batch, detachForGradient, keepScores, true);
    }

    /** A pass whose steps nobody propagates through: the logits, or gradients taken by autograd. */
    public static ForwardContext forwardOnly(Parameters parameters, DataType dtype, SequenceBatch batch) {
        return new ForwardContext(parameters, dtype, batch, false, false, false);
    }

    public ForwardContext(Parameters parameters, DataType dtype, SequenceBatch batch) {
        this(parameters, dtype, batch, false);
    }

    public ForwardContext(Parameters parameters, DataType dtype, SequenceBatch batch, boolean detachForGradient) {
        this(parameters, dtype, batch, detachForGradient, true);
    }
}
