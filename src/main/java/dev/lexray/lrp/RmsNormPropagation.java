package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.RmsNorm;

/**
 * RMSNorm with its normaliser held constant (CP-LRP, AttnLRP's identity rule): {@code y = diag(w / rms) x}, a
 * diagonal linear map per token without bias, given the epsilon rule: {@code R_x = y R / (y + eps*sign(y))}. Each
 * output has one input, so {@code biasFactor} of what the stabiliser absorbed goes back to that very input.
 */
final class RmsNormPropagation {
    private RmsNormPropagation() {}

    static NDArray propagate(RmsNorm.Trace norm, NDArray relevanceOut, TransformerRule rule) {
        NDArray y = norm.output();
        NDArray passed = y.mul(Tensors.divideStabilised(relevanceOut, y, rule.epsilon()));
        if (rule.biasFactor() == 0) {
            return passed;
        }
        return passed.add(relevanceOut.sub(passed).mul(rule.biasFactor()));
    }
}
