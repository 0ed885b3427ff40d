package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The class whose score is explained; for a contrast {@code A-vs-B} the score is {@code score_A - score_B}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainedTarget(int index, String label, ClassRef versus) {}
