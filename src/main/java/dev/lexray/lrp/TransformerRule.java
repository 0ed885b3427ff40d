package dev.lexray.lrp;

import java.util.Map;

/**
 * The rules of the transformer-specific parts: the attention rule, and the epsilon used for LayerNorm (scale held
 * constant, so the centring is a linear map), residual sums (split between the two branches) and the attention
 * products. Dense layers inside the encoder (query, key, value, output, feed-forward) use the composite's rules.
 */
public record TransformerRule(AttentionRule attention, double epsilon) {
    public TransformerRule {
        new EpsilonRule(epsilon, 0); // same validation
    }

    public EpsilonRule epsilonRule() {
        return new EpsilonRule(epsilon, 0);
    }

    public Map<String, Double> parameters() {
        return Map.of("epsilon", epsilon);
    }
}
