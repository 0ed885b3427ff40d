package dev.lexray;

import dev.lexray.model.ModelLoader;
import java.nio.file.Path;

/**
 * Entry point of the library.
 *
 * <pre>{@code
 * try (LexrayModel model = Lexray.load(Path.of("models/sst2-bilstm"))) {
 *     Explanation e = model.explain("a charming and often affecting journey");
 *     e.tokens().forEach(t -> System.out.println(t.text() + " " + t.relevance()));
 * }
 * }</pre>
 */
public final class Lexray {
    private Lexray() {}

    /**
     * Loads a model directory ({@code config.json}, {@code model.safetensors}, {@code vocab.txt}).
     *
     * @throws LexrayException when a file is missing, malformed or inconsistent with the config
     */
    public static LexrayModel load(Path directory) {
        return new LexrayModel(ModelLoader.load(directory));
    }

    /** The version of this library, from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = Lexray.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
