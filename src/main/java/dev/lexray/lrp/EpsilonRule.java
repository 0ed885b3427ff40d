package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LRP-epsilon as in Arras et al.'s published code:
 * {@code R_j = sum_m (w_jm a_j + biasFactor * (b_m + eps*s_m) / N) / (z_m + eps*s_m) * R_m}, {@code s_m = sign(z_m)}
 * with sign(0) = +1. {@code biasFactor = 1} hands the bias and stabiliser share back to the inputs, so the layer
 * conserves relevance exactly; {@code 0} lets them absorb it (the textbook epsilon rule).
 */
public record EpsilonRule(double epsilon, double biasFactor) implements Rule {
    public EpsilonRule {
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be a finite number >= 0, got " + epsilon);
        }
        if (!Double.isFinite(biasFactor)) {
            throw new IllegalArgumentException("bias factor must be finite, got " + biasFactor);
        }
    }

    @Override
    public String name() {
        return "epsilon";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("epsilon", epsilon, "bias_factor", biasFactor);
    }

    @Override
    public NDArray propagate(NDArray input, NDArray weight, NDArray bias, NDArray relevanceOut) {
        NDArray z = input.matMul(weight.transpose());
        if (bias != null) {
            z = z.add(bias);
        }
        return split(z, bias, relevanceOut, (int) weight.getShape().get(1),
                List.of(new LinearInput(input, q -> q.matMul(weight)))).get(0);
    }

    /**
     * The general form for a linear map whose inputs come in several parts (e.g. {@code x_t} and {@code h_{t-1}} of
     * a recurrent gate): {@code z [B,M]} is the map's output (bias included), {@code bias} is {@code [M]},
     * {@code [B,M]} or null, and {@code fanIn} is N, the total number of inputs over all parts.
     */
    public List<NDArray> split(NDArray z, NDArray bias, NDArray relevanceOut, int fanIn, List<LinearInput> inputs) {
        NDArray quotient = Tensors.divideStabilised(relevanceOut, z, epsilon); // R_m / (z_m + eps s_m)
        List<NDArray> out = new ArrayList<>(inputs.size());
        for (LinearInput in : inputs) {
            NDArray back = in.backProject().apply(quotient);
            // a projection's product is fresh and scaled in place; an identity's is the quotient, which others share
            out.add(back == quotient ? back.mul(in.activation()) : back.muli(in.activation()));
        }
        if (biasFactor == 0) {
            return out;
        }
        NDArray shared = absorbed(bias, relevanceOut, quotient, out).mul(biasFactor / fanIn); // [B,1]
        out.replaceAll(r -> r.add(shared));
        return out;
    }

    /**
     * {@code sum_m (b_m + eps s_m) q_m}, what bias and stabiliser absorbed. With {@code eps > 0} every
     * {@code (z_m + eps s_m) q_m} is {@code R_m}, so this is what the inputs did not receive,
     * {@code sum_m R_m - sum_j R_j}: two sums instead of the stabiliser's five full-size operations. With
     * {@code eps = 0} there is no stabiliser, and an output whose {@code z_m} is 0 passes nothing and absorbs nothing,
     * so the bias's share is taken as written.
     */
    private NDArray absorbed(NDArray bias, NDArray relevanceOut, NDArray quotient, List<NDArray> received) {
        int[] last = {-1};
        if (epsilon > 0) {
            NDArray sum = relevanceOut.sum(last, true);
            for (NDArray r : received) {
                sum = sum.sub(r.sum(last, true));
            }
            return sum;
        }
        return bias == null ? relevanceOut.sum(last, true).zerosLike()
                : quotient.mul(bias).sum(last, true);
    }
}
