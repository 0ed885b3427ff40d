package dev.lexray.report;

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
import java.util.stream.Collectors;

/** A small embedding-bag MLP with random weights, written as a model directory for tests. */
final class TinyModel {
    static final List<String> LABELS = List.of("negative", "neutral", "positive");
    static final List<String> WORDS = List.of("the", "a", "is", "not", "good", "bad", "great", "terrible", "movie",
            "film", "plot", "acting", "fun", "boring", "and", "it", ".", ",", "superb", "awful", "story", "alert(1)",
            "<img", "</script><script>alert(1)</script>");

    private TinyModel() {}

    static Path write(Path dir) {
        return write(dir, LABELS, 7);
    }

    static Path write(Path dir, List<String> labels, long seed) {
        int embedding = 8;
        int hidden = 6;
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]"));
        vocab.addAll(WORDS);
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("embedding.weight", tensor(random, "embedding.weight", vocab.size(), embedding));
        tensors.put("mlp.0.weight", tensor(random, "mlp.0.weight", hidden, embedding));
        tensors.put("mlp.0.bias", tensor(random, "mlp.0.bias", hidden));
        tensors.put("classifier.weight", tensor(random, "classifier.weight", labels.size(), hidden));
        tensors.put("classifier.bias", tensor(random, "classifier.bias", labels.size()));
        String config = "{\"architecture\": \"embedding-bag-mlp\", \"vocab_size\": " + vocab.size()
                + ", \"embedding_dim\": " + embedding + ", \"hidden_sizes\": [" + hidden + "], \"activation\": \"relu\","
                + " \"pooling\": \"mean\", \"num_labels\": " + labels.size() + ", \"labels\": ["
                + labels.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(", "))
                + "], \"tokenizer\": \"vocab.txt\", \"lowercase\": true, \"analyzer\": \"whitespace\"}";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), config, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("vocab.txt"), String.join("\n", vocab) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }

    private static Tensor tensor(Random random, String name, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * 0.8);
        }
        return new Tensor(name, shape, v);
    }
}
