package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.DenseStep;
import java.util.List;

/**
 * A dense layer: the activation passes relevance through unchanged, the linear map applies its rule. The epsilon
 * and zero rules reuse the pre-activation {@code z} the forward pass computed instead of computing it again.
 */
final class DensePropagation {
    private DensePropagation() {}

    static NDArray propagate(DenseStep step, Rule rule, NDArray relevanceOut) {
        EpsilonRule eps = rule instanceof EpsilonRule e ? e
                : rule instanceof ZeroRule z ? new EpsilonRule(0, z.biasFactor()) : null;
        if (eps != null && step.z() != null) {
            NDArray weight = step.weight();
            return eps.split(step.z(), step.bias(), relevanceOut, (int) weight.getShape().get(1),
                    List.of(new LinearInput(step.input(), q -> q.matMul(weight)))).get(0);
        }
        return rule.propagate(step.input(), step.weight(), step.bias(), relevanceOut);
    }
}
