package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-w-square (Montavon et al. 2017), in zennit's convention ({@code zennit.rules.WSquare}):
 * {@code R_j = sum_m w_jm^2 / s(sum_j w_jm^2 + b_m^2) R_m}, {@code s(z) = z + 1e-6 sign(z)}, independent of the
 * input; the squared bias absorbs its share unless {@code ignoreBias}. Meant for the first layer, where inputs carry
 * no sign information.
 */
public record WSquareRule(boolean ignoreBias) implements Rule {
    /** The rule with biases counted (zennit's default). */
    public WSquareRule() {
        this(false);
    }

    @Override
    public String name() {
        return "wsquare";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("ignore_bias", ignoreBias);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        NDArray w2 = weight.square();
        NDArray denominator = w2.sum(new int[] {1});
        if (bias != null && !ignoreBias) {
            denominator = denominator.add(bias.square());
        }
        return Tensors.divideZennit(relevanceOut, denominator).matMul(w2);
    }
}
