package dev.lexray.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny, valid word-level model directories for tests ({@code config.json}, {@code vocab.txt},
 * {@code model.safetensors}), built in memory as a {@link Spec} that a test may break one way before writing it.
 *
 * <p>The embedding-bag MLP is wired by hand so that "good"/"great" push towards {@code positive} and
 * "bad"/"awful" towards {@code negative}; the BiLSTM has small seeded random weights (deterministic, no meaning).
 */
public final class TinyModels {
    /** The vocabulary of every tiny model: [PAD], [UNK], then lowercase English words. */
    public static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "the", "movie", "good", "bad", "great",
            "awful", "not", "film", "a", "is");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyModels() {}

    /** A model directory in the making: edit any part, then {@link #write(Path)}. */
    public static final class Spec {
        public final Map<String, Object> config;
        public final List<String> vocab;
        public final Map<String, Tensor> tensors;

        Spec(Map<String, Object> config, List<String> vocab, Map<String, Tensor> tensors) {
            this.config = config;
            this.vocab = vocab;
            this.tensors = tensors;
        }

        /** Writes config.json, vocab.txt and model.safetensors into {@code dir} (created) and returns it. */
        public Path write(Path dir) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(config), StandardCharsets.UTF_8);
                Files.writeString(dir.resolve("vocab.txt"), String.join("\n", vocab) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
            return dir;
        }

        /** Replaces one tensor's values (same shape). */
        public Spec set(String name, float[] values) {
            Tensor old = tensors.get(name);
            tensors.put(name, new Tensor(name, old.shape(), values));
            return this;
        }
    }

    /** Embedding 4, one hidden ReLU layer of 4, mean pooling, labels negative/positive, whitespace analyzer. */
    public static Spec bagMlpSpec() {
        int v = VOCAB.size();
        int d = 4;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "embedding-bag-mlp");
        config.put("vocab_size", v);
        config.put("embedding_dim", d);
        config.put("hidden_sizes", List.of(d));
        config.put("activation", "relu");
        config.put("pooling", "mean");
        config.put("num_labels", 2);
        config.put("labels", List.of("negative", "positive"));
        config.put("tokenizer", "vocab.txt");
        config.put("lowercase", true);
        config.put("analyzer", "whitespace");
        Random random = new Random(7);
        float[] embedding = new float[v * d];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = 0.1f * (float) random.nextGaussian();
        }
        row(embedding, d, VOCAB.indexOf("good"), 2f, 0f);
        row(embedding, d, VOCAB.indexOf("great"), 3f, 0f);
        row(embedding, d, VOCAB.indexOf("bad"), 0f, 2f);
        row(embedding, d, VOCAB.indexOf("awful"), 0f, 3f);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("embedding.weight", new Tensor("embedding.weight", new long[] {v, d}, embedding));
        float[] identity = new float[d * d];
        for (int i = 0; i < d; i++) {
            identity[i * d + i] = 1f;
        }
        t.put("mlp.0.weight", new Tensor("mlp.0.weight", new long[] {d, d}, identity));
        t.put("mlp.0.bias", new Tensor("mlp.0.bias", new long[] {d}, new float[] {0.05f, 0.05f, 0f, 0f}));
        t.put("classifier.weight", new Tensor("classifier.weight", new long[] {2, d},
                new float[] {-1f, 1f, 0.2f, -0.1f, 1f, -1f, -0.2f, 0.1f}));
        t.put("classifier.bias", new Tensor("classifier.bias", new long[] {2}, new float[] {0.01f, -0.01f}));
        return new Spec(config, new ArrayList<>(VOCAB), t);
    }

    /** Embedding 3, hidden 2, one bidirectional LSTM layer, final pooling, three labels, standard analyzer. */
    public static Spec bilstmSpec() {
        int v = VOCAB.size();
        int d = 3;
        int h = 2;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "bilstm");
        config.put("vocab_size", v);
        config.put("embedding_dim", d);
        config.put("hidden_size", h);
        config.put("num_layers", 1);
        config.put("pooling", "final");
        config.put("num_labels", 3);
        config.put("labels", List.of("negative", "neutral", "positive"));
        config.put("lowercase", true);
        config.put("analyzer", "standard");
        Random random = new Random(11);
        Map<String, Tensor> t = new LinkedHashMap<>();
        put(t, random, "embedding.weight", v, d);
        for (String suffix : List.of("", "_reverse")) {
            put(t, random, "lstm.weight_ih_l0" + suffix, 4 * h, d);
            put(t, random, "lstm.weight_hh_l0" + suffix, 4 * h, h);
            put(t, random, "lstm.bias_ih_l0" + suffix, 4 * h);
            put(t, random, "lstm.bias_hh_l0" + suffix, 4 * h);
        }
        put(t, random, "classifier.weight", 3, 2 * h);
        put(t, random, "classifier.bias", 3);
        return new Spec(config, new ArrayList<>(VOCAB), t);
    }

    public static Path bagMlp(Path dir) {
        return bagMlpSpec().write(dir);
    }

    public static Path bilstm(Path dir) {
        return bilstmSpec().write(dir);
    }

    private static void row(float[] m, int width, int row, float first, float second) {
        m[row * width] = first;
        m[row * width + 1] = second;
    }

    private static void put(Map<String, Tensor> t, Random random, String name, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = 0.5f * (float) random.nextGaussian();
        }
        t.put(name, new Tensor(name, shape, values));
    }
}
