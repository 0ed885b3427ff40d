package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-0: {@code R_j = sum_m a_j w_jm / z_m * R_m}, biases absorbing their share (with {@code biasFactor} 0).
 * Outputs with {@code z_m = 0} pass nothing on. On a bias-free ReLU network it equals gradient x input.
 */
public record ZeroRule(double biasFactor) implements Rule {
    @Override
    public String name() {
        return "zero";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("bias_factor", biasFactor);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        return new EpsilonRule(0, biasFactor).propagate(input, weight, bias, relevanceOut);
    }
}
