package dev.lexray.model;

import ai.djl.Device;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.Vocabulary;
import dev.lexray.text.WordAnalyzer;
import dev.lexray.text.WordLevelEncoder;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every word-level directory shares: the vocabulary and analyzer, the labels, the embedding table, reading and
 * checking the weights. The layers after the embedding come from the {@link WordLevelArchitecture} the config's
 * {@code "architecture"} names.
 */
final class WordLevelLoader {
    private WordLevelLoader() {}

    static SequentialClassifier load(Path directory, WordLevelConfig config, boolean allowNonfinite, Device device,
            Consumer<String> warnings) {
        Path configFile = config.file();
        ModelConfig values = config.values();
        WordLevelArchitecture arch = architecture(directory, config);
        int vocabSize = config.positive("vocab_size", values.vocabSize());
        int embeddingDim = config.positive("embedding_dim", values.embeddingDim());
        int numLabels = config.positive("num_labels", values.numLabels());
        List<String> labels = labels(config, numLabels);

        Path vocabFile;
        try {
            vocabFile = directory.resolve(values.tokenizer() == null ? "vocab.txt" : values.tokenizer()).normalize();
        } catch (InvalidPathException e) {
            throw new LexrayException(configFile + ": \"tokenizer\" is not a file name (" + e.getReason() + ")");
        }
        if (!vocabFile.normalize().startsWith(directory.normalize())) {
            throw new LexrayException(configFile + ": \"tokenizer\" must name a file inside the model directory");
        }
        Vocabulary vocabulary = Vocabulary.read(vocabFile);
        if (vocabulary.size() != vocabSize) {
            throw new LexrayException(vocabFile + " has " + vocabulary.size() + " tokens but " + configFile
                    + " says vocab_size " + vocabSize);
        }
        WordAnalyzer analyzer = new WordAnalyzer(config.parse(() -> WordAnalyzer.Kind.parse(values.analyzer())),
                values.lowercase() == null || values.lowercase());
        int maxLength = values.maxLength() == null ? 0 : values.maxLength();
        if (maxLength < 0) {
            throw new LexrayException(configFile + ": max_length must be positive");
        }
        WordLevelEncoder encoder = new WordLevelEncoder(analyzer, vocabulary, maxLength);

        Path weightsFile = directory.resolve("model.safetensors");
        if (!Files.exists(weightsFile) && Files.exists(directory.resolve("pytorch_model.bin"))) {
            throw new LexrayException(directory + " has pytorch_model.bin but no model.safetensors: re-save the"
                    + " weights as safetensors (safetensors.torch.save_file(model.state_dict(), ...))");
        }
        Map<String, Tensor> tensors = SafetensorsFile.read(weightsFile);
        Map<String, long[]> expected = new LinkedHashMap<>();
        List<Layer> layers = layers(arch, config, vocabSize, embeddingDim, numLabels, tensors.keySet(), expected);
        TensorCheck.check(weightsFile, tensors, expected, allowNonfinite, warnings);
        Parameters parameters = new Parameters(tensors, TorchRuntime.newManager(device));
        return new SequentialClassifier(directory, values, labels, encoder, layers, parameters, maxLength);
    }

    /** The layers of a fresh model (training): no file is read, so bag models number their layers mlp.0, mlp.1. */
    static List<Layer> layersFor(ModelConfig values, Map<String, long[]> expected) {
        WordLevelConfig config = new WordLevelConfig(Path.of("config.json"), values);
        int embeddingDim = config.positive("embedding_dim", values.embeddingDim());
        int numLabels = config.positive("num_labels", values.numLabels());
        int vocabSize = config.positive("vocab_size", values.vocabSize());
        WordLevelArchitecture arch = Architectures.wordLevel(values.architecture()).orElseThrow(
                () -> new LexrayException("unknown architecture \"" + values.architecture() + "\""));
        return layers(arch, config, vocabSize, embeddingDim, numLabels, null, expected);
    }

    /** The shared embedding table, then the architecture's layers. */
    private static List<Layer> layers(WordLevelArchitecture arch, WordLevelConfig config, int vocabSize,
            int embeddingDim, int numLabels, Set<String> stored, Map<String, long[]> expected) {
        LayerPlan plan = new LayerPlan(expected);
        plan.expect("embedding.weight", vocabSize, embeddingDim);
        plan.add(new EmbeddingLayer("embedding", "embedding.weight"));
        arch.addLayers(config, embeddingDim, numLabels, stored, plan);
        return plan.layers();
    }

    private static WordLevelArchitecture architecture(Path directory, WordLevelConfig config) {
        String name = config.values().architecture();
        String supported = Architectures.wordLevelNames();
        if (name == null) {
            if (Files.exists(directory.resolve("tokenizer.json"))) {
                throw new LexrayException(config.file() + " has no \"architecture\": it looks like a HuggingFace"
                        + " transformer directory; Lexray loads word-level models (" + supported + ") in this version");
            }
            throw new LexrayException(config.file() + " has no \"architecture\"; use one of " + supported);
        }
        return Architectures.wordLevel(name).orElseThrow(() -> new LexrayException(config.file()
                + ": unknown architecture \"" + name + "\"; supported: " + supported));
    }

    private static List<String> labels(WordLevelConfig config, int numLabels) {
        List<String> labels = config.values().labels();
        if (labels == null) {
            // "0", "1", ... made on demand: num_labels is not checked against the weights yet, and may be huge
            return new AbstractList<>() {
                @Override
                public String get(int index) {
                    return Integer.toString(Objects.checkIndex(index, numLabels));
                }

                @Override
                public int size() {
                    return numLabels;
                }
            };
        }
        if (labels.size() != numLabels || labels.stream().anyMatch(l -> l == null)) {
            throw new LexrayException(config.file() + ": \"labels\" has " + labels.size()
                    + " entries but num_labels is " + numLabels);
        }
        if (Set.copyOf(labels).size() != numLabels) {
            throw new LexrayException(config.file() + ": \"labels\" must be distinct");
        }
        return labels;
    }
}
