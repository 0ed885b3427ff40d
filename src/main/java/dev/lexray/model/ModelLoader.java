package dev.lexray.model;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a model directory: a word-level one ({@code config.json}, {@code model.safetensors}, {@code vocab.txt};
 * {@link WordLevelLoader}) or a HuggingFace one ({@code tokenizer.json}; {@link TransformerLoader}). The
 * {@link Architectures} registry maps the config to layers; the loaders check everything against it before any
 * tensor reaches the engine: every error names the file, the tensor and what was expected.
 */
public final class ModelLoader {
    public static final Set<String> RECURRENT = Set.copyOf(Architectures.recurrentNames());
    public static final String BAG_MLP = BagMlpArchitecture.NAME;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private ModelLoader() {}

    /** Loads a model directory, refusing NaN or infinite weights. */
    public static SequentialClassifier load(Path directory) {
        return load(directory, false, w -> {});
    }

    /**
     * Loads a model directory.
     *
     * @param allowNonfinite load weights holding NaN or infinite values anyway, reporting each such tensor to
     *     {@code warnings} instead of refusing the model
     * @param warnings receives one message per problem the load tolerated
     */
    public static SequentialClassifier load(Path directory, boolean allowNonfinite, Consumer<String> warnings) {
        return load(directory, allowNonfinite, Device.cpu(), warnings);
    }

    /** As {@link #load(Path, boolean, Consumer)}, with the weights on {@code device}. */
    public static SequentialClassifier load(Path directory, boolean allowNonfinite, Device device,
            Consumer<String> warnings) {
        if (!Files.isDirectory(directory)) {
            throw new LexrayException("model directory not found: " + directory
                    + " (it should hold config.json, model.safetensors and vocab.txt)");
        }
        Path configFile = directory.resolve("config.json");
        JsonNode tree = readTree(configFile);
        if (tree.get("architecture") == null && TransformerLoader.looksLikeTransformer(tree)) {
            return TransformerLoader.load(directory, configFile, tree, allowNonfinite, device, warnings);
        }
        return WordLevelLoader.load(directory, new WordLevelConfig(configFile, readConfig(configFile, tree)),
                allowNonfinite, device, warnings);
    }

    /**
     * The layers a word-level config describes and the tensors (name to shape) they need, without reading any file
     * (the training command builds fresh models this way). Bag models number their Linear layers mlp.0, mlp.1, ...
     */
    public static List<Layer> layersFor(ModelConfig config, Map<String, long[]> expected) {
        return WordLevelLoader.layersFor(config, expected);
    }

    private static JsonNode readTree(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            throw new LexrayException("config.json not found in " + configFile.toAbsolutePath().getParent());
        }
        try {
            JsonNode tree = JSON.readTree(configFile.toFile());
            if (tree == null || !tree.isObject()) {
                throw new LexrayException(configFile + " is not a valid model config: expected a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new LexrayException(configFile + " is not a valid model config: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LexrayException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    private static ModelConfig readConfig(Path configFile, JsonNode tree) {
        try {
            return JSON.treeToValue(tree, ModelConfig.class);
        } catch (JsonProcessingException e) {
            throw new LexrayException(configFile + " is not a valid model config: " + e.getOriginalMessage());
        }
    }
}
