package dev.lexray.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Tiny, valid word-level model directories ({@code config.json}, {@code vocab.txt}, {@code model.safetensors})
 * written by the tests, so that they run without {@code ../shared}; the approach of the core's test fixture
 * {@code dev.lexray.testing.TinyModels}, with its own safetensors writer (the core's is not public API).
 *
 * <p>The embedding-bag MLP is wired so that "good"/"great" push towards {@code positive} and "bad"/"awful"
 * towards {@code negative}; the BiLSTM has small seeded random weights (deterministic, no meaning).
 */
final class TinyModels {
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "the", "movie", "good", "bad", "great", "awful",
            "not", "film", "a", "is", "plot", "actors", "boring", "fun");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyModels() {}

    /** Embedding 4, one hidden ReLU layer of 4, mean pooling, labels negative/positive, whitespace analyzer. */
    static Path bagMlp(Path dir) {
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
            embedding[i] = 0.3f * (float) random.nextGaussian();
        }
        row(embedding, d, VOCAB.indexOf("good"), 2f, 0f);
        row(embedding, d, VOCAB.indexOf("great"), 3f, 0f);
        row(embedding, d, VOCAB.indexOf("fun"), 1.5f, 0.2f);
        row(embedding, d, VOCAB.indexOf("bad"), 0f, 2f);
        row(embedding, d, VOCAB.indexOf("awful"), 0f, 3f);
        row(embedding, d, VOCAB.indexOf("boring"), 0.1f, 1.5f);
        float[] identity = new float[d * d];
        for (int i = 0; i < d; i++) {
            identity[i * d + i] = 1f;
        }
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("embedding.weight", new Tensor(new long[] {v, d}, embedding));
        t.put("mlp.0.weight", new Tensor(new long[] {d, d}, identity));
        t.put("mlp.0.bias", new Tensor(new long[] {d}, new float[] {0.05f, 0.05f, 0f, 0f}));
        t.put("classifier.weight", new Tensor(new long[] {2, d},
                new float[] {-1f, 1f, 0.2f, -0.1f, 1f, -1f, -0.2f, 0.1f}));
        t.put("classifier.bias", new Tensor(new long[] {2}, new float[] {0.01f, -0.01f}));
        return write(dir, config, t);
    }

    /** Embedding 3, hidden 2, one bidirectional LSTM layer, final pooling, three labels, standard analyzer. */
    static Path bilstm(Path dir) {
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
        return write(dir, config, t);
    }

    private record Tensor(long[] shape, float[] values) {}

    private static Path write(Path dir, Map<String, Object> config, Map<String, Tensor> tensors) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("vocab.txt"), String.join("\n", VOCAB) + "\n", StandardCharsets.UTF_8);
            Files.write(dir.resolve("model.safetensors"), safetensors(tensors));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The safetensors layout: u64 header length (little-endian), JSON header, then float32 data. */
    private static byte[] safetensors(Map<String, Tensor> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().values().length;
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue().shape(),
                    "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = json.length + (8 - json.length % 8) % 8;
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (float f : t.values()) {
                buf.putFloat(f);
            }
        }
        return buf.array();
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
        t.put(name, new Tensor(shape, values));
    }
}
