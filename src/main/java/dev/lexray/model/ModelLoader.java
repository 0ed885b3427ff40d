package dev.lexray.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.LexrayException;
import dev.lexray.text.Vocabulary;
import dev.lexray.text.WordAnalyzer;
import dev.lexray.text.WordLevelEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Loads a word-level model directory ({@code config.json}, {@code model.safetensors}, {@code vocab.txt}) and
 * checks it against its config before any tensor reaches the engine: every error names the file, the tensor and
 * what was expected.
 */
public final class ModelLoader {
    public static final Set<String> RECURRENT = Set.of("lstm", "bilstm", "gru", "bigru");
    public static final String BAG_MLP = "embedding-bag-mlp";
    private static final Pattern MLP_WEIGHT = Pattern.compile("mlp\\.(\\d+)\\.weight");
    /** Refuse absurd sizes before allocating anything (a hostile config could ask for gigabytes). */
    private static final long MAX_DIM = 1L << 24;

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
    public static SequentialClassifier load(Path directory, boolean allowNonfinite,
            java.util.function.Consumer<String> warnings) {
        if (!Files.isDirectory(directory)) {
            throw new LexrayException("model directory not found: " + directory
                    + " (it should hold config.json, model.safetensors and vocab.txt)");
        }
        Path configFile = directory.resolve("config.json");
        com.fasterxml.jackson.databind.JsonNode tree = readTree(configFile);
        if (tree.get("architecture") == null && TransformerLoader.looksLikeTransformer(tree)) {
            return TransformerLoader.load(directory, configFile, tree, allowNonfinite, warnings);
        }
        ModelConfig config = readConfig(configFile, tree);
        String arch = config.architecture();
        if (arch == null) {
            if (Files.exists(directory.resolve("tokenizer.json"))) {
                throw new LexrayException(configFile + " has no \"architecture\": it looks like a HuggingFace"
                        + " transformer directory; Lexray loads word-level models (lstm, bilstm, gru, bigru,"
                        + " embedding-bag-mlp) in this version");
            }
            throw new LexrayException(configFile + " has no \"architecture\"; use one of lstm, bilstm, gru, bigru, "
                    + BAG_MLP);
        }
        if (!RECURRENT.contains(arch) && !BAG_MLP.equals(arch)) {
            throw new LexrayException(configFile + ": unknown architecture \"" + arch
                    + "\"; supported: lstm, bilstm, gru, bigru, " + BAG_MLP);
        }
        int vocabSize = positive(configFile, "vocab_size", config.vocabSize());
        int embeddingDim = positive(configFile, "embedding_dim", config.embeddingDim());
        int numLabels = positive(configFile, "num_labels", config.numLabels());
        List<String> labels = labels(configFile, config, numLabels);

        Path vocabFile;
        try {
            vocabFile = directory.resolve(config.tokenizer() == null ? "vocab.txt" : config.tokenizer()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
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
        WordAnalyzer analyzer = new WordAnalyzer(inConfig(configFile, () -> WordAnalyzer.Kind.parse(config.analyzer())),
                config.lowercase() == null || config.lowercase());
        int maxLength = config.maxLength() == null ? 0 : config.maxLength();
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
        expected.put("embedding.weight", new long[] {vocabSize, embeddingDim});
        List<Layer> layers = new ArrayList<>();
        layers.add(new EmbeddingLayer("embedding", "embedding.weight"));
        if (RECURRENT.contains(arch)) {
            buildRecurrent(configFile, config, tensors, embeddingDim, numLabels, expected, layers);
        } else {
            buildBag(configFile, config, tensors, embeddingDim, numLabels, expected, layers);
        }
        checkTensors(weightsFile, tensors, expected, allowNonfinite, warnings);
        Parameters parameters = new Parameters(tensors, TorchRuntime.newManager());
        return new SequentialClassifier(directory, config, labels, encoder, layers, parameters, maxLength);
    }

    /**
     * The layers a word-level config describes and the tensors (name to shape) they need, without reading any file
     * (the training command builds fresh models this way). Bag models number their Linear layers mlp.0, mlp.1, ...
     */
    public static List<Layer> layersFor(ModelConfig config, Map<String, long[]> expected) {
        Path configFile = Path.of("config.json");
        int embeddingDim = positive(configFile, "embedding_dim", config.embeddingDim());
        int numLabels = positive(configFile, "num_labels", config.numLabels());
        expected.put("embedding.weight", new long[] {positive(configFile, "vocab_size", config.vocabSize()),
            embeddingDim});
        List<Layer> layers = new ArrayList<>();
        layers.add(new EmbeddingLayer("embedding", "embedding.weight"));
        if (RECURRENT.contains(config.architecture())) {
            buildRecurrent(configFile, config, null, embeddingDim, numLabels, expected, layers);
        } else if (BAG_MLP.equals(config.architecture())) {
            buildBag(configFile, config, Map.of(), embeddingDim, numLabels, expected, layers);
        } else {
            throw new LexrayException("unknown architecture \"" + config.architecture() + "\"");
        }
        return layers;
    }

    private static void buildRecurrent(Path configFile, ModelConfig config, Map<String, Tensor> tensors,
            int embeddingDim, int numLabels, Map<String, long[]> expected, List<Layer> layers) {
        String arch = config.architecture();
        int hidden = positive(configFile, "hidden_size", config.hiddenSize());
        int numLayers = config.numLayers() == null ? 1 : positive(configFile, "num_layers", config.numLayers());
        boolean bidirectional = arch.startsWith("bi");
        RecurrentLayer.Cell cell = arch.endsWith("lstm") ? RecurrentLayer.Cell.LSTM : RecurrentLayer.Cell.GRU;
        int directions = bidirectional ? 2 : 1;
        int rows = cell.gates() * hidden;
        String lastLayer = cell.prefix() + ".weight_ih_l" + (numLayers - 1);
        if (numLayers > 1 && tensors != null && !tensors.containsKey(lastLayer)) { // before building layers: the config may be hostile
            throw new LexrayException(configFile.resolveSibling("model.safetensors") + " lacks tensor " + lastLayer
                    + " (config.json says num_layers " + numLayers + ")");
        }
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? embeddingDim : directions * hidden;
            RecurrentLayer layer = new RecurrentLayer(cell.prefix() + "." + k, cell, k, bidirectional, in, hidden);
            for (int d = 0; d < directions; d++) {
                boolean rev = d == 1;
                expected.put(layer.parameterName("weight_ih", rev), new long[] {rows, in});
                expected.put(layer.parameterName("weight_hh", rev), new long[] {rows, hidden});
                expected.put(layer.parameterName("bias_ih", rev), new long[] {rows});
                expected.put(layer.parameterName("bias_hh", rev), new long[] {rows});
            }
            layers.add(layer);
        }
        TimePooling.Kind pooling = inConfig(configFile,
                () -> TimePooling.Kind.parse(config.pooling(), TimePooling.Kind.FINAL));
        if (pooling == TimePooling.Kind.SUM) {
            throw new LexrayException(configFile + ": recurrent models pool with \"final\", \"mean\" or \"max\"");
        }
        layers.add(new TimePooling("pooling", pooling, hidden, bidirectional));
        expected.put("classifier.weight", new long[] {numLabels, (long) directions * hidden});
        expected.put("classifier.bias", new long[] {numLabels});
        layers.add(new DenseLayer("classifier", "classifier.weight", "classifier.bias",
                DenseLayer.Activation.IDENTITY));
    }

    private static void buildBag(Path configFile, ModelConfig config, Map<String, Tensor> tensors, int embeddingDim,
            int numLabels, Map<String, long[]> expected, List<Layer> layers) {
        TimePooling.Kind pooling = inConfig(configFile,
                () -> TimePooling.Kind.parse(config.pooling(), TimePooling.Kind.MEAN));
        if (pooling == TimePooling.Kind.FINAL) {
            throw new LexrayException(configFile + ": " + BAG_MLP + " pools with \"mean\", \"sum\" or \"max\"");
        }
        layers.add(new TimePooling("pooling", pooling, embeddingDim, false));
        List<Integer> sizes = config.hiddenSizes() == null ? List.of() : config.hiddenSizes();
        DenseLayer.Activation act = inConfig(configFile, () -> DenseLayer.Activation.parse(config.activation()));
        // The Linear layers are numbered as in the PyTorch module (nn.Sequential puts activations in between),
        // so take the indices the file actually has, in order.
        TreeMap<Integer, String> found = new TreeMap<>();
        for (String name : tensors.keySet()) {
            Matcher m = MLP_WEIGHT.matcher(name);
            if (m.matches()) {
                found.put(Integer.parseInt(m.group(1)), "mlp." + m.group(1));
            }
        }
        List<String> prefixes = new ArrayList<>(found.values());
        if (prefixes.size() != sizes.size()) {
            prefixes = IntStream.range(0, sizes.size()).mapToObj(i -> "mlp." + i).toList();
        }
        int in = embeddingDim;
        for (int i = 0; i < sizes.size(); i++) {
            int out = positive(configFile, "hidden_sizes[" + i + "]", sizes.get(i));
            String p = prefixes.get(i);
            expected.put(p + ".weight", new long[] {out, in});
            expected.put(p + ".bias", new long[] {out});
            layers.add(new DenseLayer(p, p + ".weight", p + ".bias", act));
            in = out;
        }
        expected.put("classifier.weight", new long[] {numLabels, in});
        expected.put("classifier.bias", new long[] {numLabels});
        layers.add(new DenseLayer("classifier", "classifier.weight", "classifier.bias",
                DenseLayer.Activation.IDENTITY));
    }

    static void checkTensors(Path file, Map<String, Tensor> tensors, Map<String, long[]> expected) {
        checkTensors(file, tensors, expected, false, w -> {});
    }

    /**
     * Checks names and shapes against the config, then the values: a tensor holding NaN or infinite values is
     * refused, or with {@code allowNonfinite} reported to {@code warnings} (one message per tensor).
     */
    static void checkTensors(Path file, Map<String, Tensor> tensors, Map<String, long[]> expected,
            boolean allowNonfinite, java.util.function.Consumer<String> warnings) {
        Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(tensors.keySet());
        if (!missing.isEmpty()) {
            String first = missing.iterator().next();
            throw new LexrayException(file + " lacks tensor" + (missing.size() > 1 ? "s " : " ") + missing
                    + " (expected " + first + " " + Arrays.toString(expected.get(first)) + " from config.json)");
        }
        Set<String> extra = new TreeSet<>(tensors.keySet());
        extra.removeAll(expected.keySet());
        if (!extra.isEmpty()) {
            throw new LexrayException(file + " has tensors config.json does not explain: " + extra
                    + " (check architecture, num_layers and hidden_sizes)");
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new LexrayException(file + ": tensor " + e.getKey() + " has shape " + t.shapeString()
                        + " but config.json implies " + Arrays.toString(e.getValue()));
            }
            float[] v = t.values();
            int first = -1;
            long count = 0;
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    if (!allowNonfinite) {
                        throw new LexrayException(file + ": tensor " + e.getKey() + " holds " + v[i]
                                + " at flat index " + i + "; the model is broken (NaN or infinite weights): retrain"
                                + " or repair it, or load it anyway with --allow-nonfinite");
                    }
                    if (first < 0) {
                        first = i;
                    }
                    count++;
                }
            }
            if (count > 0) {
                warnings.accept(file + ": tensor " + e.getKey() + " holds " + count + " NaN or infinite value"
                        + (count == 1 ? "" : "s") + " (the first, " + v[first] + ", at flat index " + first
                        + "); scores and relevances that depend on them will be NaN or infinite");
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            throw new LexrayException("config.json not found in " + configFile.toAbsolutePath().getParent());
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(configFile.toFile());
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

    private static ModelConfig readConfig(Path configFile, com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            return JSON.treeToValue(tree, ModelConfig.class);
        } catch (JsonProcessingException e) {
            throw new LexrayException(configFile + " is not a valid model config: " + e.getOriginalMessage());
        }
    }

    private static List<String> labels(Path configFile, ModelConfig config, int numLabels) {
        if (config.labels() == null) {
            // "0", "1", ... made on demand: num_labels is not checked against the weights yet, and may be huge
            return new java.util.AbstractList<>() {
                @Override
                public String get(int index) {
                    return Integer.toString(java.util.Objects.checkIndex(index, numLabels));
                }

                @Override
                public int size() {
                    return numLabels;
                }
            };
        }
        if (config.labels().size() != numLabels || config.labels().stream().anyMatch(l -> l == null)) {
            throw new LexrayException(configFile + ": \"labels\" has " + config.labels().size()
                    + " entries but num_labels is " + numLabels);
        }
        if (Set.copyOf(config.labels()).size() != numLabels) {
            throw new LexrayException(configFile + ": \"labels\" must be distinct");
        }
        return config.labels();
    }

    /** Runs a setting's parser, naming the config file in its error. */
    private static <T> T inConfig(Path configFile, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (LexrayException e) {
            throw new LexrayException(configFile + ": " + e.getMessage(), e);
        }
    }

    private static int positive(Path configFile, String key, Integer value) {
        if (value == null) {
            throw new LexrayException(configFile + " lacks \"" + key + "\"");
        }
        if (value <= 0 || value > MAX_DIM) {
            throw new LexrayException(configFile + ": \"" + key + "\" is " + value + ", expected 1 to " + MAX_DIM);
        }
        return value;
    }
}
