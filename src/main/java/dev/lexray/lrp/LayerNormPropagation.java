package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.LayerNorm;

/**
 * LayerNorm with its scale {@code sigma} held constant (CP-LRP, AttnLRP): {@code y = M x + beta} with
 * {@code M = diag(gamma / sigma) (I - 1/H)}, one linear map per token, given the epsilon rule. Using
 * {@code q = R / (y + eps*sign(y))}, {@code R_x = x * (gamma*q - mean(gamma*q)) / sigma}; beta absorbs its share.
 */
final class LayerNormPropagation {
    private LayerNormPropagation() {}

    static NDArray propagate(LayerNorm.Trace ln, NDArray relevanceOut, double epsilon) {
        NDArray y = ln.output();
        NDArray q = Tensors.divideStabilised(relevanceOut, y, epsilon);
        NDArray gq = q.mul(ln.gamma());
        NDArray back = gq.sub(gq.mean(new int[] {-1}, true)).div(ln.sigma());
        return ln.input().mul(back);
    }
}
