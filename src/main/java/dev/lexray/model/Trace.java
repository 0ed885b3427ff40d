package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** The forward pass of one batch: every layer's {@link Step} in order, the logits {@code [B,C]} and the batch. */
public record Trace(List<Step> steps, NDArray logits, SequenceBatch batch) {
    public Trace {
        steps = List.copyOf(steps);
    }
}
