package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-z+ (Bach et al. 2015; Montavon et al. 2017), in zennit's convention ({@code zennit.rules.ZPlus}): each
 * output's relevance goes to the inputs in proportion to their positive contributions,
 * {@code R_j = sum_m (a+_j w+_jm + a-_j w-_jm) / s(sum_j (a+_j w+_jm + a-_j w-_jm) + b+_m) R_m},
 * {@code s(z) = z + 1e-6 sign(z)}; the positive part of the bias absorbs its share unless {@code ignoreBias}. For
 * non-negative inputs this is {@code a_j w+_jm / (sum_j a_j w+_jm + b+_m)}. Alpha-beta with alpha 1, beta 0.
 */
public record ZPlusRule(boolean ignoreBias) implements Rule {
    /** The rule with biases counted (zennit's default). */
    public ZPlusRule() {
        this(false);
    }

    @Override
    public String name() {
        return "zplus";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("ignore_bias", ignoreBias);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        return AlphaBetaRule.propagate(input, weight, ignoreBias ? null : bias, relevanceOut, 1, 0);
    }
}
