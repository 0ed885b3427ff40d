package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import dev.lexray.model.LayerNorm;

/**
 * LayerNorm with its scale {@code sigma} held constant (CP-LRP, AttnLRP): {@code y = M x + beta} with
 * {@code M = diag(gamma / sigma) (I - 1/H)}, one linear map per token, given the epsilon rule. Using
 * {@code q = R / (y + eps*sign(y))}, {@code R_x = x * (gamma*q - mean(gamma*q)) / sigma}; beta and the stabiliser
 * absorb their share, of which {@code biasFactor} is handed back evenly to the token's H inputs.
 */
final class LayerNormPropagation {
    private LayerNormPropagation() {}

    static NDArray propagate(LayerNorm.Trace ln, NDArray relevanceOut, TransformerRule rule) {
        NDArray y = ln.output();
        NDArray q = Tensors.divideStabilised(relevanceOut, y, rule.epsilon());
        NDArray gq = q.muli(ln.gamma()); // q is fresh: scaled in place from here on
        NDArray relevanceIn = gq.subi(gq.mean(new int[] {-1}, true)).divi(ln.sigma()).muli(ln.input());
        return Tensors.handBack(relevanceIn, relevanceOut, -1, rule.biasFactor());
    }
}
