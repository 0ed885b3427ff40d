package dev.lexray.train;

/** One labelled training or evaluation text. */
public record Example(String text, String label) {}
