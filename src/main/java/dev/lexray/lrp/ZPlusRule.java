package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-z+: each output's relevance goes to the inputs in proportion to their positive contributions
 * {@code a+ w+ + a- w-}; for non-negative inputs this is {@code a_j w_jm+ / sum_j a_j w_jm+}. Same as alpha 1, beta 0.
 */
public record ZPlusRule() implements Rule {
    @Override
    public String name() {
        return "zplus";
    }

    @Override
    public Map<String, Double> parameters() {
        return Map.of();
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        return new AlphaBetaRule(1, 0).propagate(input, weight, bias, relevanceOut);
    }
}
