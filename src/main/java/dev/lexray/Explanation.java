package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Why the model scored one text as it did: the prediction, the explained target, every word with its character
 * span and relevance, and where the explained score went ({@link Conservation}). For transformers the special
 * tokens are reported apart ({@code specialTokens}) and {@code windows} says how many overlapping windows a long
 * text was explained in (null when it fitted in one). Every attribution method produces this same type. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"text", "model", "method", "rule", "labels", "logits", "probabilities", "predicted", "target",
    "tokens", "special_tokens", "windows", "conservation"})
public record Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
        double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
        List<TokenRelevance> tokens, @JsonProperty("special_tokens") List<TokenRelevance> specialTokens,
        Integer windows, Conservation conservation) {
    public Explanation {
        labels = List.copyOf(labels);
        tokens = List.copyOf(tokens);
        specialTokens = specialTokens == null ? null : List.copyOf(specialTokens);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    /** A word-level explanation (no special tokens, one window). */
    public Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
            double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
            List<TokenRelevance> tokens, Conservation conservation) {
        this(text, model, method, rule, labels, logits, probabilities, predicted, target, tokens, null, null,
                conservation);
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The word relevances as an array, in text order. */
    public double[] relevances() {
        return tokens.stream().mapToDouble(TokenRelevance::relevance).toArray();
    }
}
