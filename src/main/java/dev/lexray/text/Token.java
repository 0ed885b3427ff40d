package dev.lexray.text;

/**
 * One token as the analyzer produced it: its normalised form (what the vocabulary is looked up with) and the
 * span of the original text it came from.
 */
public record Token(String term, Span span) {}
