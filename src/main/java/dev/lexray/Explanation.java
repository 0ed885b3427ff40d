package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Why the model scored one text as it did: the prediction, the explained target, every word with its character
 * span and relevance, and where the explained score went ({@link Conservation}). For transformers the special
 * tokens are reported apart ({@code specialTokens}) and {@code windows} says how many overlapping windows a long
 * text was explained in (null when it fitted in one). Every attribution method produces this same type. Immutable
 * (the array accessors return copies); {@link LexrayJson} maps it to the JSON the CLI prints.
 *
 * @param text the input text, unchanged
 * @param model the model directory's name
 * @param method the attribution method ({@code lrp}, or a baseline's name)
 * @param rule the rules the explanation was made with
 * @param labels the class labels, in logit order
 * @param logits the model's scores (the mean over windows for a long text)
 * @param probabilities the softmax of the logits
 * @param predicted the class with the highest score
 * @param target the explained class (and the class it is contrasted with)
 * @param tokens one entry per word, in text order, with its span and relevance
 * @param specialTokens transformers only: the special tokens with their relevance; null for word-level models
 * @param windows transformers only: how many overlapping windows a long text was explained in; null for one
 * @param conservation where the explained score went
 * @param warnings what a reader should know about the text (e.g. {@code "all words unknown to the model"}); empty
 *     for most texts, and then left out of the JSON
 * @param layers the relevance inside the network, layer by layer from the output down to the embedding; null unless
 *     asked for ({@link ExplainOptions#withLayers(boolean)}), LRP only
 * @param pieces with {@code layers}: the token (word piece, special token) of every position that
 *     {@link LayerRelevance#positions()} counts; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"text", "model", "method", "rule", "labels", "logits", "probabilities", "predicted", "target",
    "tokens", "special_tokens", "windows", "conservation", "warnings", "pieces", "layers"})
public record Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
        double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
        List<TokenRelevance> tokens, @JsonProperty("special_tokens") List<TokenRelevance> specialTokens,
        Integer windows, Conservation conservation,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings, List<LayerRelevance> layers,
        List<String> pieces) {
    /** Copies the lists and arrays. */
    public Explanation {
        layers = layers == null ? null : List.copyOf(layers);
        pieces = pieces == null ? null : List.copyOf(pieces);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        labels = List.copyOf(labels);
        tokens = List.copyOf(tokens);
        specialTokens = specialTokens == null ? null : List.copyOf(specialTokens);
        logits = logits.clone();
        probabilities = probabilities.clone();
    }

    /** An explanation without the layers. */
    public Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
            double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
            List<TokenRelevance> tokens, List<TokenRelevance> specialTokens, Integer windows,
            Conservation conservation, List<String> warnings) {
        this(text, model, method, rule, labels, logits, probabilities, predicted, target, tokens, specialTokens,
                windows, conservation, warnings, null, null);
    }

    /** An explanation without warnings. */
    public Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
            double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
            List<TokenRelevance> tokens, List<TokenRelevance> specialTokens, Integer windows,
            Conservation conservation) {
        this(text, model, method, rule, labels, logits, probabilities, predicted, target, tokens, specialTokens,
                windows, conservation, List.of());
    }

    /** A word-level explanation (no special tokens, one window, no warnings). */
    public Explanation(String text, String model, String method, RuleSettings rule, List<String> labels,
            double[] logits, double[] probabilities, ClassRef predicted, ExplainedTarget target,
            List<TokenRelevance> tokens, Conservation conservation) {
        this(text, model, method, rule, labels, logits, probabilities, predicted, target, tokens, null, null,
                conservation, List.of());
    }

    /** The model's scores, a copy. */
    @Override
    public double[] logits() {
        return logits.clone();
    }

    /** The softmax of the logits, a copy. */
    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The word relevances as an array, in text order. */
    public double[] relevances() {
        return tokens.stream().mapToDouble(TokenRelevance::relevance).toArray();
    }
}
