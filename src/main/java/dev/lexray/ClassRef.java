package dev.lexray;

/** A class of the model: its index in the logits and its label. */
public record ClassRef(int index, String label) {}
