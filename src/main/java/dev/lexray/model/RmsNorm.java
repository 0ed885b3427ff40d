package dev.lexray.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * {@code y = w * x / rms}, {@code rms = sqrt(mean(x^2) + eps)} over the last axis (HF's {@code LlamaRMSNorm}). Part of
 * a decoder layer, or the final norm.
 */
public record RmsNorm(String weightName, double eps) {
    /** What the relevance rules need: input, the normaliser {@code rms [...,1]}, weight, output. */
    public record Trace(NDArray input, NDArray rms, NDArray weight, NDArray output) {}

    public List<String> parameterNames() {
        return List.of(weightName);
    }

    public Trace forward(NDArray x, ForwardContext context) {
        NDArray w = context.parameters().get(weightName, context.dtype());
        NDArray rms = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
        if (context.detachForGradient()) {
            rms = rms.stopGradient(); // CP-LRP's view: the normaliser is a constant
        }
        return new Trace(x, rms, w, x.div(rms).mul(w));
    }
}
