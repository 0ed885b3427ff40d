package dev.lexray;

import dev.lexray.runtime.LexrayException;
import java.util.Locale;

/**
 * How {@link ModelProbe#logitsWithout} takes words out of a text: by zeroing their input embeddings (the sequence
 * keeps its length; transformers: the summed word + position + type embedding), by replacing them with the unknown
 * token or with padding, or by deleting them from the sequence.
 */
public enum Removal {
    ZERO_EMBEDDING, UNK, PAD, DELETE;

    /** The CLI's spelling: zero, unk, pad, delete. */
    public String cliName() {
        return this == ZERO_EMBEDDING ? "zero" : name().toLowerCase(Locale.ROOT);
    }

    public static Removal parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "zero", "zero-embedding", "zeros" -> ZERO_EMBEDDING;
            case "unk" -> UNK;
            case "pad" -> PAD;
            case "delete" -> DELETE;
            default -> throw new LexrayException("unknown removal '" + s + "': use zero, unk, pad or delete");
        };
    }
}
