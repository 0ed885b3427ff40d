package dev.lexray.model;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.SubwordEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads a HuggingFace sequence-classification directory as {@code save_pretrained} writes it
 * ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) and turns it into the same chain of
 * layers the LRP engine walks for every model. The {@link TransformerArchitecture} its {@code model_type} names
 * lays out the layers; this class does what every family shares: labels, tokenizer, weights and their checks.
 */
public final class TransformerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TransformerLoader() {}

    static boolean looksLikeTransformer(JsonNode config) {
        return config.has("model_type") || config.has("architectures");
    }

    /**
     * The layers an HF config describes and the tensors (HF names to shapes) they need, without reading any file
     * (the training command builds fresh encoders this way).
     */
    public static List<Layer> layersFor(JsonNode config, Map<String, long[]> expected) {
        HfConfig c = new HfConfig(Path.of("config.json"), config);
        return layers(architecture(c), c, expected);
    }

    /** The family the config's {@code model_type} names; it must be saved as a sequence classifier. */
    private static TransformerArchitecture<?> architecture(HfConfig c) {
        String type = c.modelType();
        String className = c.className();
        TransformerArchitecture<?> arch = Architectures.transformer(type).orElseThrow(() -> new LexrayException(
                c.file() + ": model_type \"" + type + "\" (" + className + ") is not supported; Lexray loads "
                        + Architectures.transformerClassNames()));
        if (!className.isEmpty() && !className.endsWith("ForSequenceClassification")) {
            throw new LexrayException(c.file() + ": " + className + " is not a sequence classifier; save the model as "
                    + type + " ...ForSequenceClassification");
        }
        return arch;
    }

    private static <S extends TransformerSizes> List<Layer> layers(TransformerArchitecture<S> arch, HfConfig c,
            Map<String, long[]> expected) {
        S sizes = arch.read(c);
        LayerPlan plan = new LayerPlan(expected);
        arch.addLayers(sizes, c.labels().size(), plan);
        return plan.layers();
    }

    static SequentialClassifier load(Path dir, Path configFile, JsonNode json, boolean allowNonfinite, Device device,
            Consumer<String> warnings) {
        HfConfig c = new HfConfig(configFile, json);
        return load(dir, c, architecture(c), allowNonfinite, device, warnings);
    }

    private static <S extends TransformerSizes> SequentialClassifier load(Path dir, HfConfig c,
            TransformerArchitecture<S> arch, boolean allowNonfinite, Device device, Consumer<String> warnings) {
        Path configFile = c.file();
        S sizes = arch.read(c);
        String posType = c.json().path("position_embedding_type").asText("absolute");
        if (!posType.equals("absolute")) {
            throw new LexrayException(configFile + ": position_embedding_type \"" + posType
                    + "\" is not supported (only absolute)");
        }
        List<String> labels = c.labels();

        Path weights = dir.resolve("model.safetensors");
        if (!Files.exists(weights) && Files.exists(dir.resolve("pytorch_model.bin"))) {
            throw new LexrayException(dir + " has pytorch_model.bin but no model.safetensors: re-save it with "
                    + "model.save_pretrained(dir, safe_serialization=True)");
        }
        int unkId = unknownId(dir.resolve("tokenizer.json"));
        checkTokenIds(dir.resolve("tokenizer.json"), configFile, sizes);
        SubwordEncoder encoder = new SubwordEncoder(dir.resolve("tokenizer.json"), sizes.padId(), unkId);
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>(SafetensorsFile.read(weights));
            // Buffers and heads that sequence classification does not use.
            tensors.keySet().removeIf(n -> n.endsWith(".position_ids") || n.startsWith("roberta.pooler.")
                    || n.startsWith("lm_head.") || n.startsWith("cls.") || n.startsWith("vocab_"));
            Map<String, long[]> expected = new LinkedHashMap<>();
            LayerPlan plan = new LayerPlan(expected);
            arch.addLayers(sizes, labels.size(), plan);
            TensorCheck.check(weights, tensors, expected, allowNonfinite, warnings);
            tensors = arch.toLayerLayout(sizes, tensors);
            int window = arch.window(sizes);
            JsonNode tokCfg = readOptional(dir.resolve("tokenizer_config.json"));
            if (tokCfg != null && tokCfg.path("model_max_length").isIntegralNumber()) {
                long max = tokCfg.path("model_max_length").asLong();
                if (max > 0 && max < window) {
                    window = (int) max;
                }
            }
            // The token the head reads: the first ([CLS], <s>) for encoders, the last real one for decoders.
            String pooling = plan.layers().stream().filter(TimePooling.class::isInstance)
                    .map(l -> ((TimePooling) l).kind().name().toLowerCase(Locale.ROOT)).findFirst().orElse("first");
            ModelConfig summary = new ModelConfig(sizes.type(), sizes.layers(), sizes.vocab(), sizes.hidden(),
                    sizes.hidden(), null, null, pooling, labels.size(), labels, "tokenizer.json", null, null, window);
            Parameters parameters = new Parameters(tensors, TorchRuntime.newManager(device));
            return new SequentialClassifier(dir, summary, labels, encoder, plan.layers(), parameters, window);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private static int unknownId(Path tokenizerJson) {
        JsonNode t = readOptional(tokenizerJson);
        if (t == null) {
            return -1;
        }
        String unk = t.path("model").path("unk_token").asText(null);
        JsonNode vocab = t.path("model").path("vocab");
        if (unk != null && vocab.isObject() && vocab.has(unk)) {
            return vocab.get(unk).asInt();
        }
        return -1;
    }

    /**
     * Every id the tokenizer can produce, and the padding id, must index the word embeddings; otherwise the first
     * text holding such a token would fail inside the engine.
     */
    private static void checkTokenIds(Path tokenizerJson, Path configFile, TransformerSizes d) {
        if (d.padId() < 0 || d.padId() >= d.vocab()) {
            throw new LexrayException(configFile + ": pad_token_id " + d.padId() + " is outside the vocabulary of "
                    + d.vocab());
        }
        JsonNode t = readOptional(tokenizerJson);
        if (t == null) {
            return;
        }
        long max = -1;
        JsonNode vocab = t.path("model").path("vocab");
        if (vocab.isObject()) {
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asLong());
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1L; // Unigram: ids are positions
        }
        for (JsonNode added : t.path("added_tokens")) {
            max = Math.max(max, added.path("id").asLong());
        }
        if (max >= d.vocab()) {
            throw new LexrayException(tokenizerJson + " has token ids up to " + max + " but " + configFile
                    + " says vocab_size " + d.vocab() + ": the tokenizer does not belong to this model");
        }
    }

    private static JsonNode readOptional(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LexrayException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
