package dev.lexray.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes small model directories with seeded random weights ({@code config.json}, {@code vocab.txt},
 * {@code model.safetensors}), in the layout {@code ModelLoader} documents, for tests that need a model of a given
 * architecture without any file from outside the repository.
 *
 * <p>The vocabulary is {@link #WORDS}; the analyzer is {@code whitespace} with lowercasing, so a text made of these
 * words separated by single spaces maps one word to one token ({@link #ids}).
 */
public final class RandomModels {
    /** Line index = id; {@code [PAD]} 0, {@code [UNK]} 1. */
    public static final List<String> WORDS = List.of("[PAD]", "[UNK]", "the", "movie", "film", "is", "was", "not",
            "good", "bad", "very", "great", "terrible", "plot", "acting", "and", "but", "boring", "fun", "really",
            "ending", "story");

    /** Class labels of the random models: the first {@code numLabels} of these. */
    public static final List<String> LABELS = List.of("a", "b", "c", "d");

    /** Texts of lengths 1 to 11 over {@link #WORDS}. */
    public static final List<String> TEXTS = List.of(
            "good",
            "the movie is not good",
            "really boring",
            "the acting was great but the plot was terrible",
            "fun story",
            "not bad and really fun",
            "the ending is very very bad",
            "great acting great story great ending but boring plot and bad film",
            "film",
            "terrible terrible terrible",
            "the story was not boring");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RandomModels() {}

    /**
     * What to build. {@code architecture} is lstm, bilstm, gru, bigru or embedding-bag-mlp; {@code hiddenSize} and
     * {@code layers} are for the recurrent ones, {@code hiddenSizes} and {@code activation} for the bag MLP.
     * {@code biases} false writes zero biases everywhere (the files still hold the tensors).
     */
    public record Spec(String architecture, int layers, int embeddingDim, int hiddenSize, List<Integer> hiddenSizes,
            String activation, String pooling, int numLabels, boolean biases, double scale, long seed) {
        public Spec withBiases(boolean b) {
            return new Spec(architecture, layers, embeddingDim, hiddenSize, hiddenSizes, activation, pooling,
                    numLabels, b, scale, seed);
        }

        public Spec withScale(double s) {
            return new Spec(architecture, layers, embeddingDim, hiddenSize, hiddenSizes, activation, pooling,
                    numLabels, biases, s, seed);
        }

        @Override
        public String toString() {
            return architecture + (architecture.equals("embedding-bag-mlp") ? " " + hiddenSizes + " " + activation
                    : " x" + layers) + " " + pooling + (biases ? "" : " (no biases)");
        }
    }

    /** A recurrent model: E=5, H=4, 3 labels, biases, weights scale 0.5. */
    public static Spec recurrent(String architecture, int layers, String pooling, long seed) {
        return new Spec(architecture, layers, 5, 4, null, null, pooling, 3, true, 0.5, seed);
    }

    /** An embedding-bag MLP: E=6, the given hidden sizes, 3 labels, biases, weights scale 0.5. */
    public static Spec bag(List<Integer> hiddenSizes, String activation, String pooling, long seed) {
        return new Spec("embedding-bag-mlp", 0, 6, 0, hiddenSizes, activation, pooling, 3, true, 0.5, seed);
    }

    /** Writes the model into {@code directory} (created if needed) and returns it. */
    public static Path write(Path directory, Spec spec) {
        Map<String, Tensor> tensors = tensors(spec);
        try {
            Files.createDirectories(directory);
            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", spec.architecture());
            config.put("vocab_size", WORDS.size());
            config.put("embedding_dim", spec.embeddingDim());
            if (spec.architecture().equals("embedding-bag-mlp")) {
                config.putPOJO("hidden_sizes", spec.hiddenSizes());
                config.put("activation", spec.activation());
            } else {
                config.put("num_layers", spec.layers());
                config.put("hidden_size", spec.hiddenSize());
            }
            config.put("pooling", spec.pooling());
            config.put("num_labels", spec.numLabels());
            config.putPOJO("labels", LABELS.subList(0, spec.numLabels()));
            config.put("tokenizer", "vocab.txt");
            config.put("lowercase", true);
            config.put("analyzer", "whitespace");
            Files.writeString(directory.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("vocab.txt"), String.join("\n", WORDS) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsFile.write(directory.resolve("model.safetensors"), tensors);
        return directory;
    }

    /** The tensors of the model, with torch's names, deterministic in {@code spec}. */
    public static Map<String, Tensor> tensors(Spec spec) {
        Random random = new Random(spec.seed());
        Map<String, Tensor> out = new LinkedHashMap<>();
        int e = spec.embeddingDim();
        float[] embedding = values(random, WORDS.size() * e, spec.scale() * 2);
        Arrays.fill(embedding, 0, 2 * e, 0f); // [PAD] and [UNK] rows are zero, as in trained models
        out.put("embedding.weight", new Tensor("embedding.weight", new long[] {WORDS.size(), e}, embedding));
        int features;
        if (spec.architecture().equals("embedding-bag-mlp")) {
            int in = e;
            int index = 0;
            for (int size : spec.hiddenSizes()) {
                put(out, "mlp." + index + ".weight", new long[] {size, in}, random, spec.scale());
                bias(out, "mlp." + index + ".bias", size, random, spec);
                in = size;
                index += 2; // nn.Sequential(Linear, act, Linear, act, ...)
            }
            features = in;
        } else {
            String arch = spec.architecture();
            String prefix = arch.endsWith("lstm") ? "lstm" : "gru";
            int gates = arch.endsWith("lstm") ? 4 : 3;
            int directions = arch.startsWith("bi") ? 2 : 1;
            int h = spec.hiddenSize();
            for (int k = 0; k < spec.layers(); k++) {
                int in = k == 0 ? e : directions * h;
                for (int d = 0; d < directions; d++) {
                    String suffix = "_l" + k + (d == 1 ? "_reverse" : "");
                    put(out, prefix + ".weight_ih" + suffix, new long[] {gates * h, in}, random, spec.scale());
                    put(out, prefix + ".weight_hh" + suffix, new long[] {gates * h, h}, random, spec.scale());
                    bias(out, prefix + ".bias_ih" + suffix, gates * h, random, spec);
                    bias(out, prefix + ".bias_hh" + suffix, gates * h, random, spec);
                }
            }
            features = directions * h;
        }
        put(out, "classifier.weight", new long[] {spec.numLabels(), features}, random, spec.scale() * 2);
        bias(out, "classifier.bias", spec.numLabels(), random, spec);
        return out;
    }

    /** The ids of a text made of {@link #WORDS} separated by single spaces (lowercase). */
    public static int[] ids(String text) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < WORDS.size(); i++) {
            index.putIfAbsent(WORDS.get(i), i);
        }
        String[] words = text.strip().split(" +");
        int[] ids = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            ids[i] = index.getOrDefault(words[i].toLowerCase(Locale.ROOT), 1);
        }
        return ids;
    }

    /** A tensor's values widened to double, in row-major order. */
    public static double[] doubles(Tensor t) {
        float[] v = t.values();
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** A 2-d tensor as {@code double[rows][cols]}. */
    public static double[][] matrix(Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException(t.name() + " is not a matrix: " + t.shapeString());
        }
        int rows = (int) t.dim(0);
        int cols = (int) t.dim(1);
        float[] v = t.values();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = v[i * cols + j];
            }
        }
        return m;
    }

    private static void put(Map<String, Tensor> out, String name, long[] shape, Random random, double scale) {
        int n = (int) (shape[0] * (shape.length > 1 ? shape[1] : 1));
        out.put(name, new Tensor(name, shape, values(random, n, scale)));
    }

    private static void bias(Map<String, Tensor> out, String name, int size, Random random, Spec spec) {
        float[] v = values(random, size, spec.scale());
        if (!spec.biases()) {
            Arrays.fill(v, 0f);
        }
        out.put(name, new Tensor(name, new long[] {size}, v));
    }

    private static float[] values(Random random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }
}
