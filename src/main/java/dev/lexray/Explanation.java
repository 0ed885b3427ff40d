package dev.lexray;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Why the model scored one text as it did: the prediction, the explained target, every token with its character
 * span and relevance, and where the explained score went ({@link Conservation}). Every attribution method
 * produces this same type. Immutable.
 */
@JsonPropertyOrder({"text", "model", "method", "rule", "labels", "logits", "probabilities", "predicted", "target",
    "tokens", "conservation"})
public record Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
        double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
        List<TokenRelevance> tokens, Conservation conservation) {
    public Explanation {
        labels = List.copyOf(labels);
        tokens = List.copyOf(tokens);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The token relevances as an array, in text order. */
    public double[] relevances() {
        return tokens.stream().mapToDouble(TokenRelevance::relevance).toArray();
    }
}
