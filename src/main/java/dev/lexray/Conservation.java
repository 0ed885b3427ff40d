package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where the explained score went: {@code sum} over the words, {@code specialTokens} on tokens the tokenizer added
 * (transformers only, else null), {@code initialState} left in recurrent initial states, and the {@code residual}
 * absorbed by biases and stabilisers, so that {@code sum + specialTokens + initialState + residual = targetScore}.
 *
 * @param sum the relevance summed over the words
 * @param specialTokens the relevance left on special tokens ({@code [CLS]}, {@code </s>}, ...); null for
 *     word-level models
 * @param initialState the relevance left on the initial states of recurrent layers (0 for other models)
 * @param targetScore the explained score (a logit, or a difference of two for a contrast)
 * @param residual what biases and stabilisers absorbed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sum", "special_tokens", "initial_state", "target_score", "residual"})
public record Conservation(
        @JsonProperty("sum") double sum,
        @JsonProperty("special_tokens") Double specialTokens,
        @JsonProperty("initial_state") double initialState,
        @JsonProperty("target_score") double targetScore,
        @JsonProperty("residual") double residual) {
    /** The bookkeeping of a model without special tokens. */
    public Conservation(double sum, double initialState, double targetScore, double residual) {
        this(sum, null, initialState, targetScore, residual);
    }

    /** The bookkeeping of a model without special tokens; the residual is what the other parts leave. */
    public static Conservation of(double sum, double initialState, double targetScore) {
        return new Conservation(sum, null, initialState, targetScore, targetScore - sum - initialState);
    }

    /** The bookkeeping with special tokens (null for none); the residual is what the other parts leave. */
    public static Conservation of(double sum, Double specialTokens, double initialState, double targetScore) {
        double special = specialTokens == null ? 0 : specialTokens;
        return new Conservation(sum, specialTokens, initialState, targetScore, targetScore - sum - special
                - initialState);
    }
}
