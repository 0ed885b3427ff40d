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
 *
 * <p>{@code wordEmbeddingsOnly}: a token's relevance is that of its word (token) embedding alone, HF's
 * {@code inputs_embeds}, as LXT reads it ({@code inputs_embeds * grad}); position and type embeddings keep their
 * share. Otherwise (Lexray's default) it is the relevance of the summed word + position + type embedding.
 */
public record TransformerRule(AttentionRule attention, double epsilon, double biasFactor,
        boolean wordEmbeddingsOnly) {
    public TransformerRule {
        Objects.requireNonNull(attention, "attention rule");
        new EpsilonRule(epsilon, biasFactor); // same validation
    }

    /** Relevance at the summed input embedding. */
    public TransformerRule(AttentionRule attention, double epsilon, double biasFactor) {
        this(attention, epsilon, biasFactor, false);
    }

    /** Bias factor 0: biases and stabilisers keep their share. */
    public TransformerRule(AttentionRule attention, double epsilon) {
        this(attention, epsilon, 0);
    }

    /**
     * LXT's convention for AttnLRP (Achtibat et al. 2024, the {@code lxt} package): the plain gradient at every
     * linear map, residual sum and attention product (epsilon 0: no stabiliser, biases keep their share), and
     * relevance read at the word embeddings only.
     */
    public static TransformerRule lxt() {
        return new TransformerRule(AttentionRule.ATTN_LRP, 0, 0, true);
    }

    public EpsilonRule epsilonRule() {
        return new EpsilonRule(epsilon, biasFactor);
    }

    public Map<String, Object> parameters() {
        return Map.of("epsilon", epsilon, "bias_factor", biasFactor, "word_embeddings_only", wordEmbeddingsOnly);
    }
}
