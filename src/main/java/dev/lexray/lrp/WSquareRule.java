package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-w-square (Montavon et al. 2017): {@code R_j = sum_m w_jm^2 / sum_j w_jm^2 R_m}, independent of the input;
 * meant for the first layer, where inputs carry no sign information.
 */
public record WSquareRule() implements Rule {
    @Override
    public String name() {
        return "wsquare";
    }

    @Override
    public Map<String, Double> parameters() {
        return Map.of();
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        NDArray w2 = weight.square();
        NDArray q = Tensors.safeDivide(relevanceOut, w2.sum(new int[] {1}));
        return q.matMul(w2);
    }
}
