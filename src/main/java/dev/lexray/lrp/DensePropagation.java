package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.DenseStep;

/** A dense layer: the activation passes relevance through unchanged, the linear map applies its rule. */
final class DensePropagation {
    private DensePropagation() {}

    static NDArray propagate(DenseStep step, Rule rule, NDArray relevanceOut) {
        return rule.propagate(step.input(), step.weight(), step.bias(), relevanceOut);
    }
}
