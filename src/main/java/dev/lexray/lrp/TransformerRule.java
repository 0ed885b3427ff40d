package dev.lexray.lrp;

import java.util.Map;
import java.util.Objects;

/**
 * The rules of the transformer-specific parts: the attention rule, and the epsilon and bias factor used for
 * LayerNorm (scale held constant, so the centring is a linear map), residual sums (split between the two branches),
 * the attention products and AttnLRP's softmax rule. Dense layers inside the encoder (query, key, value, output,
 * feed-forward, pooler, classifier) use the composite's rules. With {@code biasFactor} 1 what LayerNorm's shift,
 * the stabilisers and the softmax rule absorb is handed back to the inputs of each operation, evenly, as Arras et
 * al.'s bias factor does for a linear map, so that (with an epsilon rule of bias factor 1 on the dense layers) the
 * whole network conserves relevance.
 */
public record TransformerRule(AttentionRule attention, double epsilon, double biasFactor) {
    public TransformerRule {
        Objects.requireNonNull(attention, "attention rule");
        new EpsilonRule(epsilon, biasFactor); // same validation
    }

    /** Bias factor 0: biases and stabilisers keep their share. */
    public TransformerRule(AttentionRule attention, double epsilon) {
        this(attention, epsilon, 0);
    }

    public EpsilonRule epsilonRule() {
        return new EpsilonRule(epsilon, biasFactor);
    }

    public Map<String, Object> parameters() {
        return Map.of("epsilon", epsilon, "bias_factor", biasFactor);
    }
}
