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
        return linear(rule, step.input(), step.weight(), step.bias(), step.z(), relevanceOut);
    }

    /**
     * Any rule on a linear map {@code z = input W^T + b} ({@code input [..,N]}, {@code W [M,N]}, {@code z [..,M]} as
     * the forward pass computed it, or null); shared with the convolutions, whose windows are such maps.
     */
    static NDArray linear(Rule rule, NDArray input, NDArray weight, NDArray bias, NDArray z, NDArray relevanceOut) {
        EpsilonRule eps = rule instanceof EpsilonRule e ? e
                : rule instanceof ZeroRule zero ? new EpsilonRule(0, zero.biasFactor()) : null;
        if (eps != null && z != null) {
            return eps.split(z, bias, relevanceOut, (int) weight.getShape().get(1),
                    List.of(new LinearInput(input, q -> q.matMul(weight)))).get(0);
        }
        return rule.propagate(input, weight, bias, relevanceOut);
    }
}
