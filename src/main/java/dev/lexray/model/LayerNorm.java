package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

    /**
     * In float32, the output by libtorch's fused kernel and sigma only when the pass is recorded ({@code null}
     * otherwise). float64, the precision of reference checks, computes the output step by step from the very sigma
     * the rules read, so that conservation holds to its last digits; so does the gradient view of CP-LRP, with sigma
     * detached.
     */
    public Trace forward(NDArray x, ForwardContext context) {
        NDArray gamma = context.parameters().get(weightName, context.dtype());
        NDArray beta = context.parameters().get(biasName, context.dtype());
        if (context.detachForGradient() || context.dtype() != DataType.FLOAT32) {
            NDArray sigma = context.detachForGradient() ? sigma(x).stopGradient() : sigma(x);
            NDArray centered = x.sub(x.mean(new int[] {-1}, true));
            return new Trace(x, sigma, gamma, centered.div(sigma).mul(gamma).add(beta));
        }
        long width = x.getShape().get(x.getShape().dimension() - 1);
        NDArray y = x.getNDArrayInternal().layerNorm(x, new Shape(width), gamma, beta, (float) eps).singletonOrThrow();
        return new Trace(x, context.recording() ? sigma(x) : null, gamma, y);
    }

    /** {@code sqrt(var + eps)} over the last axis, {@code [...,1]}. */
    private NDArray sigma(NDArray x) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        return centered.square().mean(new int[] {-1}, true).add(eps).sqrt();
    }
}
