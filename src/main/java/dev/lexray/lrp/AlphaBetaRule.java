package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-alpha-beta (Bach et al. 2015), in zennit's convention ({@code zennit.rules.AlphaBeta}):
 * <pre>
 *   z+_m = sum_j (a+_j w+_jm + a-_j w-_jm) + b+_m        z-_m = sum_j (a+_j w-_jm + a-_j w+_jm) + b-_m
 *   R_j  = sum_m [ alpha (a+_j w+_jm + a-_j w-_jm) / s(z+_m) - beta (a+_j w-_jm + a-_j w+_jm) / s(z-_m) ] R_m
 * </pre>
 * with {@code s(z) = z + 1e-6 sign(z)} (sign(0) = +1). The positive part of the bias counts in the positive
 * denominator and its negative part in the negative one, so biases absorb their share. With {@code ignoreBias}
 * (zennit's {@code zero_params=['bias']}) the bias is left out of both. {@code alpha - beta = 1} is required, so
 * that the rule conserves relevance where no bias absorbs it.
 */
public record AlphaBetaRule(double alpha, double beta, boolean ignoreBias) implements Rule {
    public AlphaBetaRule {
        if (!Double.isFinite(alpha) || !Double.isFinite(beta) || beta < 0 || alpha < 0) {
            throw new IllegalArgumentException("alpha and beta must be finite and >= 0, got " + alpha + ", " + beta);
        }
        if (Math.abs(alpha - beta - 1) > 1e-12) {
            throw new IllegalArgumentException("alpha-beta needs alpha - beta = 1 to conserve relevance, got alpha "
                    + alpha + " and beta " + beta);
        }
    }

    /** The rule with biases counted (zennit's default). */
    public AlphaBetaRule(double alpha, double beta) {
        this(alpha, beta, false);
    }

    @Override
    public String name() {
        return "alpha-beta";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("alpha", alpha, "beta", beta, "ignore_bias", ignoreBias);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        return propagate(input, weight, ignoreBias ? null : bias, relevanceOut, alpha, beta);
    }

    /** The formula above; {@code bias} null leaves biases out. Shared with {@link ZPlusRule}. */
    static NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut, double alpha,
            double beta) {
        NDArray aPos = Tensors.positive(input);
        NDArray aNeg = Tensors.negative(input);
        NDArray wPos = Tensors.positive(weight);
        NDArray wNeg = Tensors.negative(weight);
        NDArray zPos = aPos.matMul(wPos.transpose()).add(aNeg.matMul(wNeg.transpose()));
        if (bias != null) {
            zPos = zPos.add(Tensors.positive(bias));
        }
        NDArray qPos = Tensors.divideZennit(relevanceOut, zPos).mul(alpha);
        NDArray result = aPos.mul(qPos.matMul(wPos)).add(aNeg.mul(qPos.matMul(wNeg)));
        if (beta != 0) {
            NDArray zNeg = aPos.matMul(wNeg.transpose()).add(aNeg.matMul(wPos.transpose()));
            if (bias != null) {
                zNeg = zNeg.add(Tensors.negative(bias));
            }
            NDArray qNeg = Tensors.divideZennit(relevanceOut, zNeg).mul(beta);
            result = result.sub(aPos.mul(qNeg.matMul(wNeg)).add(aNeg.mul(qNeg.matMul(wPos))));
        }
        return result;
    }
}
