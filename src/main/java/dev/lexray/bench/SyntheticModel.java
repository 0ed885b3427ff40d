package dev.lexray.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.io.AtomicFiles;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import dev.lexray.model.TransformerLoader;
import dev.lexray.runtime.LexrayException;
import dev.lexray.train.WordPieceBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Models of named real shapes ({@code bert-base}, {@code distilbert-base}, {@code roberta-base}, {@code bert-large},
 * and the decoders {@code qwen2-0.5b}, {@code qwen2-1.5b}) with random weights, written in the HuggingFace layout the loader reads ({@code config.json},
 * {@code model.safetensors}, {@code tokenizer.json}), so that speed and memory at real size can be measured without
 * downloading weights. The tensors are the ones the loader expects for the config
 * ({@link TransformerLoader#layersFor}), so every family the loader knows is written the same way.
 *
 * <p>The tokenizer is a WordPiece vocabulary of the {@link BenchTexts} words, one piece each: a text of {@code n}
 * bench words is exactly {@code n + 2} tokens ({@code n} for a decoder, whose tokenizer adds nothing). The embedding matrix still has the shape's full vocabulary size (the
 * extra rows are never indexed, but they are loaded, so memory is the real model's).
 */
public final class SyntheticModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A model family as its {@code config.json} spells it: the key names of the sizes, the special-token order of its
     * tokenizer (which fixes the padding id), how many position embeddings HF adds before the window (RoBERTa: 2),
     * and constant entries.
     */
    public record Family(String modelType, String className, String layersKey, String hiddenKey, String headsKey,
            String ffnKey, List<String> specials, int positionOffset, Map<String, Object> constants, boolean decoder) {
        public Family {
            specials = List.copyOf(specials);
            constants = Map.copyOf(constants);
        }

        /** An encoder family: its tokenizer wraps a text in {@code [CLS] ... [SEP]}. */
        public Family(String modelType, String className, String layersKey, String hiddenKey, String headsKey,
                String ffnKey, List<String> specials, int positionOffset, Map<String, Object> constants) {
            this(modelType, className, layersKey, hiddenKey, headsKey, ffnKey, specials, positionOffset, constants,
                    false);
        }

        /** The id of {@code [PAD]}, as the tokenizer and {@code pad_token_id} both say. */
        public int padId() {
            return specials.indexOf("[PAD]");
        }
    }

    private static final List<String> BERT_SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    public static final Family BERT = new Family("bert", "BertForSequenceClassification", "num_hidden_layers",
            "hidden_size", "num_attention_heads", "intermediate_size", BERT_SPECIALS, 0,
            Map.of("type_vocab_size", 2, "layer_norm_eps", 1e-12, "hidden_act", "gelu",
                    "position_embedding_type", "absolute"));
    public static final Family DISTILBERT = new Family("distilbert", "DistilBertForSequenceClassification",
            "n_layers", "dim", "n_heads", "hidden_dim", BERT_SPECIALS, 0,
            Map.of("activation", "gelu", "sinusoidal_pos_embds", false));
    // RoBERTa's ids: <s>=0, <pad>=1, </s>=2, <unk>=3; WordPiece names for them, only the ids matter to the model.
    public static final Family ROBERTA = new Family("roberta", "RobertaForSequenceClassification",
            "num_hidden_layers", "hidden_size", "num_attention_heads", "intermediate_size",
            List.of("[CLS]", "[PAD]", "[SEP]", "[UNK]", "[MASK]"), 2,
            Map.of("type_vocab_size", 1, "layer_norm_eps", 1e-5, "hidden_act", "gelu",
                    "position_embedding_type", "absolute", "bos_token_id", 0, "eos_token_id", 2));

    /**
     * A Qwen2 decoder classifier ({@code Qwen2ForSequenceClassification}): RMSNorm, rotary positions, grouped-query
     * attention, SwiGLU, last-token pooling; its tokenizer adds nothing around a text.
     */
    public static final Family QWEN2 = new Family("qwen2", "Qwen2ForSequenceClassification", "num_hidden_layers",
            "hidden_size", "num_attention_heads", "intermediate_size", BERT_SPECIALS, 0,
            Map.of("rms_norm_eps", 1e-6, "rope_theta", 1_000_000.0, "hidden_act", "silu", "use_sliding_window", false,
                    "tie_word_embeddings", false), true);

    /**
     * A named shape. {@code kvHeads} is the number of key/value heads (grouped-query attention; equal to
     * {@code heads} for the encoders); {@code vocab} 0 means the synthetic tokenizer's own size (the tiny test
     * shapes); {@code window} is the longest text in tokens.
     */
    public record Shape(String name, Family family, int layers, int hidden, int heads, int kvHeads, int ffn,
            int vocab, int window) {
        /** An encoder shape: as many key/value heads as heads. */
        public Shape(String name, Family family, int layers, int hidden, int heads, int ffn, int vocab, int window) {
            this(name, family, layers, hidden, heads, heads, ffn, vocab, window);
        }

        /**
         * Floating-point operations of one forward pass over {@code tokens} tokens (a multiply-add is 2): per layer
         * the query and output projections {@code 4 T H^2}, the key and value projections {@code 4 T H K} (K the
         * key/value width, {@code H kvHeads / heads}), the feed-forward block {@code 4 T H F} (SwiGLU's three
         * matrices: {@code 6 T H F}) and the two attention products {@code 4 T^2 H}; embeddings, norms and the
         * classifier head are left out (under 1 %).
         */
        public double forwardFlops(double tokens) {
            double t = tokens;
            double kv = (double) hidden * kvHeads / heads;
            double ffnMatrices = family.decoder() ? 3 : 2;
            return layers * (4.0 * t * hidden * hidden + 4.0 * t * hidden * kv + 2.0 * ffnMatrices * t * hidden * ffn
                    + 4.0 * t * t * hidden);
        }

        /** Tokens the tokenizer adds around a text: {@code [CLS]} and {@code [SEP]} for encoders, none for decoders. */
        public int addedTokens() {
            return family.decoder() ? 0 : 2;
        }
    }

    /** The registry: every shape by name, tests' tiny shapes included. */
    public static final Map<String, Shape> SHAPES = registry(
            new Shape("bert-base", BERT, 12, 768, 12, 3072, 30522, 512),
            new Shape("distilbert-base", DISTILBERT, 6, 768, 12, 3072, 30522, 512),
            new Shape("roberta-base", ROBERTA, 12, 768, 12, 3072, 50265, 512),
            new Shape("bert-large", BERT, 24, 1024, 16, 4096, 30522, 512),
            new Shape("qwen2-0.5b", QWEN2, 24, 896, 14, 2, 4864, 151936, 32768),
            new Shape("qwen2-1.5b", QWEN2, 28, 1536, 12, 2, 8960, 151936, 32768),
            new Shape("tiny", BERT, 2, 32, 4, 64, 0, 64),
            new Shape("tiny-distilbert", DISTILBERT, 2, 32, 4, 64, 0, 64),
            new Shape("tiny-roberta", ROBERTA, 2, 32, 4, 64, 0, 64),
            new Shape("tiny-qwen2", QWEN2, 2, 32, 4, 2, 64, 0, 64));

    private static final List<String> LABELS = List.of("negative", "positive");

    private SyntheticModel() {}

    private static Map<String, Shape> registry(Shape... shapes) {
        Map<String, Shape> m = new LinkedHashMap<>();
        for (Shape s : shapes) {
            m.put(s.name(), s);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The shape of this name, or an error naming the known ones. */
    public static Shape shape(String name) {
        return Optional.ofNullable(SHAPES.get(name)).orElseThrow(() -> new LexrayException("unknown synthetic shape '"
                + name + "': use one of " + String.join(", ", SHAPES.keySet())));
    }

    /** The tokenizer's vocabulary in id order: the family's special tokens, then the distinct bench words. */
    public static List<String> vocabulary(Family family) {
        LinkedHashSet<String> v = new LinkedHashSet<>(family.specials());
        v.addAll(BenchTexts.WORDS);
        return new ArrayList<>(v);
    }

    /** {@code config.json} of the shape, with HF's key names for its family. */
    public static ObjectNode config(Shape s) {
        Family f = s.family();
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(f.className());
        c.put("model_type", f.modelType());
        c.put("vocab_size", s.vocab() > 0 ? s.vocab() : vocabulary(f).size());
        c.put(f.layersKey(), s.layers());
        c.put(f.hiddenKey(), s.hidden());
        c.put(f.headsKey(), s.heads());
        c.put(f.ffnKey(), s.ffn());
        if (f.decoder()) {
            c.put("num_key_value_heads", s.kvHeads());
        }
        c.put("max_position_embeddings", s.window() + f.positionOffset());
        c.put("pad_token_id", f.padId());
        f.constants().forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < LABELS.size(); i++) {
            id2label.put(Integer.toString(i), LABELS.get(i));
            label2id.put(LABELS.get(i), i);
        }
        c.put("torch_dtype", "float32");
        return c;
    }

    /** The tensors the loader expects for the config, with their shapes. */
    public static Map<String, long[]> tensorShapes(Shape s) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        TransformerLoader.layersFor(config(s), expected);
        return expected;
    }

    /**
     * Writes the shape's three files into {@code dir} (created if needed). Weights are {@code N(0, 0.02)} as HF
     * initialises them, LayerNorm scales 1; seeded, so the same seed gives the same model.
     */
    public static Path write(Path dir, Shape s, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensorShapes(s).forEach((name, shape) -> {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            float[] v = new float[Math.toIntExact(n)];
            // LayerNorm and RMSNorm scales (BERT's LayerNorm, DistilBERT's layer_norm, Qwen2's *layernorm and norm).
            boolean norm = shape.length == 1 && name.endsWith(".weight")
                    && name.toLowerCase(Locale.ROOT).contains("norm");
            for (int i = 0; i < v.length; i++) {
                v[i] = norm ? 1f : (float) (random.nextGaussian() * 0.02);
            }
            tensors.put(name, new Tensor(name, shape, v));
        });
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config(s)));
            SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
            tensors.clear(); // let the weights go before the tokenizer is written
            AtomicFiles.write(dir.resolve("tokenizer.json"), WordPieceBuilder.tokenizerJson(vocabulary(s.family()),
                    !s.family().decoder()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A model written into a fresh temporary directory, deleted (with the directory) on close. */
    public static final class Temporary implements AutoCloseable {
        private final Path root;
        private final Path dir;

        private Temporary(Path root, Path dir) {
            this.root = root;
            this.dir = dir;
        }

        /** Writes the shape into {@code <tmp>/lexray-synthetic-*}{@code /<shape name>} (the bench names it so). */
        public static Temporary create(Shape s, long seed) {
            Path root;
            try {
                root = Files.createTempDirectory("lexray-synthetic-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                return new Temporary(root, write(root.resolve(s.name()), s, seed));
            } catch (RuntimeException | Error e) {
                deleteTree(root);
                throw e;
            }
        }

        public Path dir() {
            return dir;
        }

        @Override
        public void close() {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
