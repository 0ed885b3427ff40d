package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/** LRP-flat: every output's relevance is spread evenly over all N inputs, {@code R_j = sum_m R_m / N}. */
public record FlatRule() implements Rule {
    @Override
    public String name() {
        return "flat";
    }

    @Override
    public Map<String, Double> parameters() {
        return Map.of();
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        long n = weight.getShape().get(1);
        NDArray total = relevanceOut.sum(new int[] {-1}, true).div(n); // [...,1]
        return input.zerosLike().add(total);
    }
}
