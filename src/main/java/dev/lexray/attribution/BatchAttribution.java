package dev.lexray.attribution;

/**
 * Relevance per token position {@code [B][T]} of a batch, the explained score of each text, and for methods that
 * explain a difference (Integrated Gradients) the score at the reference input (else NaN).
 */
public record BatchAttribution(double[][] relevance, double[] targetScore, double[] referenceScore) {}
