package dev.lexray.model;

/**
 * One model family: how a {@code config.json} names it and how that config becomes a chain of {@link Layer}s.
 * Adding a family is one class (a {@link WordLevelArchitecture} or a {@link TransformerArchitecture}) and one
 * line in {@link Architectures}; the loaders keep what all families share (files, validation, tokenizers).
 */
public sealed interface Architecture permits WordLevelArchitecture, TransformerArchitecture {
    /** The config value that selects it: {@code "architecture"} (word level) or {@code "model_type"} (HF). */
    String name();
}
