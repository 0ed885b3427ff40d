package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * {@code y = gamma * (x - mean) / sigma + beta} over the last axis, {@code sigma = sqrt(var + eps)} (biased
 * variance, as torch). Part of an encoder layer, not a layer of its own.
 */
public record LayerNorm(String weightName, String biasName, double eps) {
    /** What LayerNorm rules need: input, sigma {@code [...,1]}, gamma, output. */
    public record Trace(NDArray input, NDArray sigma, NDArray gamma, NDArray output) {}

    /** gamma and beta, for the layer that holds this norm. */
    public List<String> parameterNames() {
        return List.of(weightName, biasName);
    }

    public Trace forward(NDArray x, ForwardContext context) {
        NDArray gamma = context.parameters().get(weightName, context.dtype());
        NDArray beta = context.parameters().get(biasName, context.dtype());
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray sigma = centered.square().mean(new int[] {-1}, true).add(eps).sqrt();
        if (context.detachForGradient()) {
            sigma = sigma.stopGradient(); // CP-LRP's view: the scale is a constant
        }
        return new Trace(x, sigma, gamma, centered.div(sigma).mul(gamma).add(beta));
    }
}
