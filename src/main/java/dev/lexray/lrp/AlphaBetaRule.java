package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-alpha-beta (Bach et al. 2015): {@code R_j = sum_m (alpha z+_jm / z+_m - beta z-_jm / z-_m) R_m}, with
 * {@code z+_jm = a+ w+ + a- w-} the positive and {@code z-_jm = a+ w- + a- w+} the negative contributions. Biases
 * are left out, so the rule conserves when {@code alpha - beta = 1} and both parts are present.
 */
public record AlphaBetaRule(double alpha, double beta) implements Rule {
    public AlphaBetaRule {
        if (!Double.isFinite(alpha) || !Double.isFinite(beta) || beta < 0 || alpha < 0) {
            throw new IllegalArgumentException("alpha and beta must be finite and >= 0, got " + alpha + ", " + beta);
        }
    }

    @Override
    public String name() {
        return "alpha-beta";
    }

    @Override
    public Map<String, Double> parameters() {
        return Map.of("alpha", alpha, "beta", beta);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        NDArray aPos = Tensors.positive(input);
        NDArray aNeg = Tensors.negative(input);
        NDArray wPos = Tensors.positive(weight);
        NDArray wNeg = Tensors.negative(weight);
        NDArray zPos = aPos.matMul(wPos.transpose()).add(aNeg.matMul(wNeg.transpose()));
        NDArray zNeg = aPos.matMul(wNeg.transpose()).add(aNeg.matMul(wPos.transpose()));
        NDArray qPos = Tensors.safeDivide(relevanceOut, zPos).mul(alpha);
        NDArray result = aPos.mul(qPos.matMul(wPos)).add(aNeg.mul(qPos.matMul(wNeg)));
        if (beta != 0) {
            NDArray qNeg = Tensors.safeDivide(relevanceOut, zNeg).mul(beta);
            result = result.sub(aPos.mul(qNeg.matMul(wNeg)).add(aNeg.mul(qNeg.matMul(wPos))));
        }
        return result;
    }
}
