package dev.lexray.model;

import dev.lexray.runtime.LexrayException;
import java.nio.file.Path;
import java.util.function.Supplier;

/** A word-level {@code config.json} and the file it came from, so that every error names the file. */
public record WordLevelConfig(Path file, ModelConfig values) {
    /** Refuse absurd sizes before allocating anything (a hostile config could ask for gigabytes). */
    static final long MAX_DIM = 1L << 24;

    /** A required size: present and between 1 and {@link #MAX_DIM}. */
    public int positive(String key, Integer value) {
        if (value == null) {
            throw new LexrayException(file + " lacks \"" + key + "\"");
        }
        if (value <= 0 || value > MAX_DIM) {
            throw new LexrayException(file + ": \"" + key + "\" is " + value + ", expected 1 to " + MAX_DIM);
        }
        return value;
    }

    /** Runs a setting's parser, naming the config file in its error. */
    public <T> T parse(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (LexrayException e) {
            throw new LexrayException(file + ": " + e.getMessage(), e);
        }
    }
}
