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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small {@code cnn} model directories (Kim 2014) with seeded random weights, over {@link RandomModels#WORDS} and its
 * whitespace analyzer, in PyTorch's layout: {@code convs.{i}.weight [F,E,k]}, {@code convs.{i}.bias [F]}, hidden
 * layers {@code mlp.0}, {@code mlp.2}, ..., {@code classifier}.
 */
public final class RandomCnns {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RandomCnns() {}

    /** What to build; {@code biases} false writes zero biases (the tensors are still there). */
    public record Spec(List<Integer> widths, int filters, int embeddingDim, List<Integer> hiddenSizes,
            String activation, String pooling, int numLabels, boolean biases, double scale, long seed) {
        public Spec withBiases(boolean b) {
            return new Spec(widths, filters, embeddingDim, hiddenSizes, activation, pooling, numLabels, b, scale, seed);
        }

        public Spec withHidden(List<Integer> h) {
            return new Spec(widths, filters, embeddingDim, h, activation, pooling, numLabels, biases, scale, seed);
        }

        @Override
        public String toString() {
            return "cnn " + widths + " x" + filters + " " + activation + " " + pooling + " hidden " + hiddenSizes
                    + (biases ? "" : " (no biases)");
        }
    }

    /** Widths 2, 3, 4 (the widest longer than some texts), 3 filters each, E=5, no hidden layer, 3 labels. */
    public static Spec kim(String activation, String pooling, long seed) {
        return new Spec(List.of(2, 3, 4), 3, 5, List.of(), activation, pooling, 3, true, 0.5, seed);
    }

    /** Writes the model with random weights into {@code directory} and returns it. */
    public static Path write(Path directory, Spec spec) {
        return write(directory, spec, tensors(spec));
    }

    /** Writes the model with the given weights (torch names) into {@code directory} and returns it. */
    public static Path write(Path directory, Spec spec, Map<String, Tensor> tensors) {
        try {
            Files.createDirectories(directory);
            ObjectNode config = JSON.createObjectNode();
            config.put("architecture", "cnn");
            config.put("vocab_size", RandomModels.WORDS.size());
            config.put("embedding_dim", spec.embeddingDim());
            config.putPOJO("filter_sizes", spec.widths());
            config.put("num_filters", spec.filters());
            config.put("activation", spec.activation());
            config.put("pooling", spec.pooling());
            if (!spec.hiddenSizes().isEmpty()) {
                config.putPOJO("hidden_sizes", spec.hiddenSizes());
            }
            config.put("num_labels", spec.numLabels());
            config.putPOJO("labels", RandomModels.LABELS.subList(0, spec.numLabels()));
            config.put("tokenizer", "vocab.txt");
            config.put("lowercase", true);
            config.put("analyzer", "whitespace");
            Files.writeString(directory.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve("vocab.txt"), String.join("\n", RandomModels.WORDS) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SafetensorsFile.write(directory.resolve("model.safetensors"), tensors);
        return directory;
    }

    /** The random tensors of the spec, deterministic in its seed. */
    public static Map<String, Tensor> tensors(Spec spec) {
        Random random = new Random(spec.seed());
        Map<String, Tensor> out = new LinkedHashMap<>();
        int e = spec.embeddingDim();
        int v = RandomModels.WORDS.size();
        float[] embedding = values(random, v * e, spec.scale() * 2);
        Arrays.fill(embedding, 0, e, 0f); // [PAD] row zero, as torch's padding_idx
        put(out, "embedding.weight", new long[] {v, e}, embedding);
        for (int i = 0; i < spec.widths().size(); i++) {
            int k = spec.widths().get(i);
            put(out, "convs." + i + ".weight", new long[] {spec.filters(), e, k},
                    values(random, spec.filters() * e * k, spec.scale()));
            put(out, "convs." + i + ".bias", new long[] {spec.filters()}, bias(random, spec.filters(), spec));
        }
        int in = spec.filters() * spec.widths().size();
        int index = 0;
        for (int size : spec.hiddenSizes()) {
            put(out, "mlp." + index + ".weight", new long[] {size, in}, values(random, size * in, spec.scale()));
            put(out, "mlp." + index + ".bias", new long[] {size}, bias(random, size, spec));
            in = size;
            index += 2;
        }
        put(out, "classifier.weight", new long[] {spec.numLabels(), in},
                values(random, spec.numLabels() * in, spec.scale() * 2));
        put(out, "classifier.bias", new long[] {spec.numLabels()}, bias(random, spec.numLabels(), spec));
        return out;
    }

    private static void put(Map<String, Tensor> out, String name, long[] shape, float[] values) {
        out.put(name, new Tensor(name, shape, values));
    }

    private static float[] bias(Random random, int n, Spec spec) {
        float[] v = values(random, n, spec.scale());
        if (!spec.biases()) {
            Arrays.fill(v, 0f);
        }
        return v;
    }

    private static float[] values(Random random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }
}
