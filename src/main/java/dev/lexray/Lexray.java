package dev.lexray;

import ai.djl.Device;
import dev.lexray.model.ModelLoader;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the library: loads a model directory into a {@link LexrayModel}.
 *
 * <pre>{@code
 * try (LexrayModel model = Lexray.load(Path.of("models/sentiment-bilstm-sst2"))) {
 *     Explanation e = model.explain("a charming and often affecting journey");
 *     e.tokens().forEach(t -> System.out.println(t.text() + " " + t.relevance()));
 * }
 * }</pre>
 *
 * <p>The only state shared by all models is DJL's PyTorch engine, started (offline) on the first load.
 */
public final class Lexray {
    private Lexray() {}

    /**
     * Loads a model directory with the {@linkplain LoadOptions#defaults() default options}.
     *
     * @throws LexrayException when a file is missing, malformed or inconsistent with the config
     * @see #load(Path, LoadOptions)
     */
    public static LexrayModel load(Path directory) {
        return load(directory, LoadOptions.defaults());
    }

    /**
     * Loads a model directory: a word-level model ({@code config.json}, {@code model.safetensors},
     * {@code vocab.txt}) or a HuggingFace BERT, DistilBERT or RoBERTa sequence classifier ({@code config.json},
     * {@code model.safetensors}, {@code tokenizer.json}).
     *
     * @throws LexrayException when a file is missing, malformed or inconsistent with the config, or when a weight is
     *     NaN or infinite and {@code options} do not allow it
     */
    public static LexrayModel load(Path directory, LoadOptions options) {
        List<String> warnings = new ArrayList<>();
        Device device = TorchRuntime.device(options.device());
        return new LexrayModel(ModelLoader.load(directory, options.allowNonfinite(), device, warnings::add), warnings);
    }

    /** The version of this library, from the jar manifest ("dev" when run from classes). */
    public static String version() {
        String v = Lexray.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
