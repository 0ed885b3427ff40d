package dev.lexray;

/**
 * One token of the original text: its characters {@code text.substring(start, end)} (UTF-16 indices, as Java and
 * JavaScript count them) and its relevance for the explained score.
 */
public record TokenRelevance(String text, int start, int end, double relevance) {}
