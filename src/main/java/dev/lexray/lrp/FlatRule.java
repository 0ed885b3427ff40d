package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-flat (Lapuschkin et al. 2019; zennit's {@code Flat}): every output's relevance is spread evenly over all N
 * inputs, {@code R_j = sum_m R_m / s(N)} with {@code s(N) = N + 1e-6}; biases are left out.
 */
public record FlatRule() implements Rule {
    @Override
    public String name() {
        return "flat";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of();
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        double n = weight.getShape().get(1) + Tensors.ZENNIT_EPSILON;
        NDArray total = relevanceOut.sum(new int[] {-1}, true).div(n); // [...,1]
        return input.zerosLike().add(total);
    }
}
