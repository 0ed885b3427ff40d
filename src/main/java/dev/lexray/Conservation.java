package dev.lexray;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the explained score went: {@code sum} over the tokens, {@code initialState} left in recurrent initial
 * states, and the {@code residual} absorbed by biases and stabilisers, so that
 * {@code sum + initialState + residual = targetScore}.
 */
public record Conservation(
        @JsonProperty("sum") double sum,
        @JsonProperty("initial_state") double initialState,
        @JsonProperty("target_score") double targetScore,
        @JsonProperty("residual") double residual) {
    public static Conservation of(double sum, double initialState, double targetScore) {
        return new Conservation(sum, initialState, targetScore, targetScore - sum - initialState);
    }
}
