package dev.lexray;

/**
 * A class of the model: its index in the logits and its label.
 *
 * @param index the class's position in {@code labels} and the logits (0-based)
 * @param label the class's label
 */
public record ClassRef(int index, String label) {}
