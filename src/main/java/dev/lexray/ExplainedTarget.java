package dev.lexray;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The class whose score is explained; for a contrast {@code A-vs-B} the score is {@code score_A - score_B}.
 *
 * @param index the explained class's index
 * @param label the explained class's label
 * @param versus the class subtracted in a contrast; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainedTarget(int index, String label, ClassRef versus) {}
