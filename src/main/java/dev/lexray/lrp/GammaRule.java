package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * LRP-gamma, in the generalised form that also handles negative inputs and outputs (Andeol et al. 2021, as
 * zennit's {@code Gamma}): for an output with {@code z_m > 0} the contributions are
 * {@code a+ (w + g w+) + a- (w + g w-)}, for {@code z_m < 0} they are {@code a+ (w + g w-) + a- (w + g w+)};
 * each output's relevance is split in proportion to them, divided by {@code s(z) = z + 1e-6 sign(z)} (the bias
 * modified the same way, absorbing its share, unless {@code ignoreBias}).
 * On non-negative inputs and positive outputs this is Montavon et al.'s {@code a_j (w_jm + g w_jm+)}.
 */
public record GammaRule(double gamma, boolean ignoreBias) implements Rule {
    public GammaRule {
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be a finite number >= 0, got " + gamma);
        }
    }

    /** The rule with biases counted (zennit's default). */
    public GammaRule(double gamma) {
        this(gamma, false);
    }

    @Override
    public String name() {
        return "gamma";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("gamma", gamma, "ignore_bias", ignoreBias);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        NDArray aPos = Tensors.positive(input);
        NDArray aNeg = Tensors.negative(input);
        NDArray wUp = weight.add(Tensors.positive(weight).mul(gamma)); // w + g w+
        NDArray wDown = weight.add(Tensors.negative(weight).mul(gamma)); // w + g w-
        NDArray z = input.matMul(weight.transpose());
        if (bias != null) {
            z = z.add(bias);
        }
        if (ignoreBias) {
            bias = null; // the output's sign still comes from the true z, as in zennit
        }
        NDArray positiveOut = z.gt(0).toType(z.getDataType(), false);
        NDArray negativeOut = z.lt(0).toType(z.getDataType(), false); // z = 0 passes nothing, as in zennit
        NDArray zUp = aPos.matMul(wUp.transpose()).add(aNeg.matMul(wDown.transpose()));
        NDArray zDown = aPos.matMul(wDown.transpose()).add(aNeg.matMul(wUp.transpose()));
        if (bias != null) {
            zUp = zUp.add(bias.add(Tensors.positive(bias).mul(gamma)));
            zDown = zDown.add(bias.add(Tensors.negative(bias).mul(gamma)));
        }
        NDArray qUp = Tensors.divideZennit(relevanceOut.mul(positiveOut), zUp);
        NDArray qDown = Tensors.divideZennit(relevanceOut.mul(negativeOut), zDown);
        return aPos.mul(qUp.matMul(wUp).add(qDown.matMul(wDown)))
                .add(aNeg.mul(qUp.matMul(wDown).add(qDown.matMul(wUp))));
    }
}
