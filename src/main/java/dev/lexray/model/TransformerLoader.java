package dev.lexray.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.LexrayException;
import dev.lexray.text.SubwordEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a HuggingFace sequence-classification directory as {@code save_pretrained} writes it
 * ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) for BERT, DistilBERT and RoBERTa, and
 * turns it into the same chain of layers the LRP engine walks for every model.
 */
public final class TransformerLoader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_DIM = 1L << 24;

    private TransformerLoader() {}

    /** The parts of an HF config that the three families share, under their own key names. */
    private record Dims(String type, int vocab, int hidden, int heads, int layers, int intermediate, int positions,
            int typeVocab, double eps, DenseLayer.Activation act, int padId) {}

    static boolean looksLikeTransformer(JsonNode config) {
        return config.has("model_type") || config.has("architectures");
    }

    /**
     * The layers an HF config describes and the tensors (HF names to shapes) they need, without reading any file
     * (the training command builds fresh encoders this way).
     */
    public static List<Layer> layersFor(JsonNode config, Map<String, long[]> expected) {
        Path configFile = Path.of("config.json");
        Dims dims = dims(configFile, config);
        int numLabels = labels(configFile, config).size();
        return dims.type().equals("distilbert") ? distilbert(dims, numLabels, expected)
                : bertLike(dims, numLabels, expected);
    }

    private static Dims dims(Path configFile, JsonNode c) {
        String type = c.path("model_type").asText("");
        String arch = c.path("architectures").path(0).asText("");
        Dims dims = switch (type) {
            case "bert", "roberta" -> new Dims(type, dim(configFile, c, "vocab_size"), dim(configFile, c, "hidden_size"),
                    dim(configFile, c, "num_attention_heads"), dim(configFile, c, "num_hidden_layers"),
                    dim(configFile, c, "intermediate_size"), dim(configFile, c, "max_position_embeddings"),
                    c.path("type_vocab_size").asInt(2), c.path("layer_norm_eps").asDouble(1e-12),
                    activation(configFile, c.path("hidden_act").asText("gelu")),
                    c.path("pad_token_id").asInt(type.equals("roberta") ? 1 : 0));
            case "distilbert" -> new Dims(type, dim(configFile, c, "vocab_size"), dim(configFile, c, "dim"),
                    dim(configFile, c, "n_heads"), dim(configFile, c, "n_layers"), dim(configFile, c, "hidden_dim"),
                    dim(configFile, c, "max_position_embeddings"), 0, 1e-12,
                    activation(configFile, c.path("activation").asText("gelu")), c.path("pad_token_id").asInt(0));
            default -> throw new LexrayException(configFile + ": model_type \"" + type + "\" (" + arch
                    + ") is not supported; Lexray loads BertForSequenceClassification, "
                    + "DistilBertForSequenceClassification and RobertaForSequenceClassification");
        };
        if (!arch.isEmpty() && !arch.endsWith("ForSequenceClassification")) {
            throw new LexrayException(configFile + ": " + arch + " is not a sequence classifier; save the model as "
                    + dims.type() + " ...ForSequenceClassification");
        }
        if (dims.hidden() % dims.heads() != 0) {
            throw new LexrayException(configFile + ": hidden size " + dims.hidden() + " is not a multiple of the "
                    + dims.heads() + " attention heads");
        }
        return dims;
    }

    static SequentialClassifier load(Path dir, Path configFile, JsonNode c, boolean allowNonfinite,
            java.util.function.Consumer<String> warnings) {
        Dims dims = dims(configFile, c);
        String posType = c.path("position_embedding_type").asText("absolute");
        if (!posType.equals("absolute")) {
            throw new LexrayException(configFile + ": position_embedding_type \"" + posType
                    + "\" is not supported (only absolute)");
        }
        List<String> labels = labels(configFile, c);

        Path weights = dir.resolve("model.safetensors");
        if (!Files.exists(weights) && Files.exists(dir.resolve("pytorch_model.bin"))) {
            throw new LexrayException(dir + " has pytorch_model.bin but no model.safetensors: re-save it with "
                    + "model.save_pretrained(dir, safe_serialization=True)");
        }
        int unkId = unknownId(dir.resolve("tokenizer.json"));
        checkTokenIds(dir.resolve("tokenizer.json"), configFile, dims);
        SubwordEncoder encoder = new SubwordEncoder(dir.resolve("tokenizer.json"), dims.padId(), unkId);
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>(SafetensorsFile.read(weights));
            // Buffers and heads that sequence classification does not use.
            tensors.keySet().removeIf(n -> n.endsWith(".position_ids") || n.startsWith("roberta.pooler.")
                    || n.startsWith("lm_head.") || n.startsWith("cls.") || n.startsWith("vocab_"));
            Map<String, long[]> expected = new LinkedHashMap<>();
            List<Layer> layers = switch (dims.type()) {
                case "distilbert" -> distilbert(dims, labels.size(), expected);
                default -> bertLike(dims, labels.size(), expected);
            };
            ModelLoader.checkTensors(weights, tensors, expected, allowNonfinite, warnings);
            int window = dims.type().equals("roberta") ? dims.positions() - dims.padId() - 1 : dims.positions();
            JsonNode tokCfg = readOptional(dir.resolve("tokenizer_config.json"));
            if (tokCfg != null && tokCfg.path("model_max_length").isIntegralNumber()) {
                long max = tokCfg.path("model_max_length").asLong();
                if (max > 0 && max < window) {
                    window = (int) max;
                }
            }
            ModelConfig summary = new ModelConfig(dims.type(), dims.layers(), dims.vocab(), dims.hidden(),
                    dims.hidden(), null, null, "first", labels.size(), labels, "tokenizer.json", null, null, window);
            Parameters parameters = new Parameters(tensors, TorchRuntime.newManager());
            return new SequentialClassifier(dir, summary, labels, encoder, layers, parameters, window);
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private static List<Layer> bertLike(Dims d, int numLabels, Map<String, long[]> expected) {
        String p = d.type() + ".";
        List<Layer> layers = new ArrayList<>();
        String emb = p + "embeddings.";
        expected.put(emb + "word_embeddings.weight", new long[] {d.vocab(), d.hidden()});
        expected.put(emb + "position_embeddings.weight", new long[] {d.positions(), d.hidden()});
        expected.put(emb + "token_type_embeddings.weight", new long[] {d.typeVocab(), d.hidden()});
        layers.add(new TransformerEmbeddingLayer("embeddings", emb + "word_embeddings.weight",
                emb + "position_embeddings.weight", emb + "token_type_embeddings.weight",
                norm(emb + "LayerNorm", d, expected), d.type().equals("roberta") ? d.padId() + 1 : 0));
        for (int i = 0; i < d.layers(); i++) {
            String l = p + "encoder.layer." + i + ".";
            String name = "encoder." + i;
            layers.add(new EncoderLayer(name, d.heads(),
                    dense(name + ".query", l + "attention.self.query", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".key", l + "attention.self.key", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".value", l + "attention.self.value", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".attention_output", l + "attention.output.dense", d.hidden(), d.hidden(), null,
                            expected),
                    norm(l + "attention.output.LayerNorm", d, expected),
                    dense(name + ".ffn_in", l + "intermediate.dense", d.intermediate(), d.hidden(), d.act(), expected),
                    dense(name + ".ffn_out", l + "output.dense", d.hidden(), d.intermediate(), null, expected),
                    norm(l + "output.LayerNorm", d, expected)));
        }
        layers.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        if (d.type().equals("bert")) {
            layers.add(dense("pooler", "bert.pooler.dense", d.hidden(), d.hidden(), DenseLayer.Activation.TANH,
                    expected));
            layers.add(dense("classifier", "classifier", numLabels, d.hidden(), null, expected));
        } else {
            layers.add(dense("classifier.dense", "classifier.dense", d.hidden(), d.hidden(),
                    DenseLayer.Activation.TANH, expected));
            layers.add(dense("classifier", "classifier.out_proj", numLabels, d.hidden(), null, expected));
        }
        return layers;
    }

    private static List<Layer> distilbert(Dims d, int numLabels, Map<String, long[]> expected) {
        List<Layer> layers = new ArrayList<>();
        String emb = "distilbert.embeddings.";
        expected.put(emb + "word_embeddings.weight", new long[] {d.vocab(), d.hidden()});
        expected.put(emb + "position_embeddings.weight", new long[] {d.positions(), d.hidden()});
        layers.add(new TransformerEmbeddingLayer("embeddings", emb + "word_embeddings.weight",
                emb + "position_embeddings.weight", null, norm(emb + "LayerNorm", d, expected), 0));
        for (int i = 0; i < d.layers(); i++) {
            String l = "distilbert.transformer.layer." + i + ".";
            String name = "encoder." + i;
            layers.add(new EncoderLayer(name, d.heads(),
                    dense(name + ".query", l + "attention.q_lin", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".key", l + "attention.k_lin", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".value", l + "attention.v_lin", d.hidden(), d.hidden(), null, expected),
                    dense(name + ".attention_output", l + "attention.out_lin", d.hidden(), d.hidden(), null,
                            expected),
                    norm(l + "sa_layer_norm", d, expected),
                    dense(name + ".ffn_in", l + "ffn.lin1", d.intermediate(), d.hidden(), d.act(), expected),
                    dense(name + ".ffn_out", l + "ffn.lin2", d.hidden(), d.intermediate(), null, expected),
                    norm(l + "output_layer_norm", d, expected)));
        }
        layers.add(new TimePooling("first_token", TimePooling.Kind.FIRST, d.hidden(), false));
        layers.add(dense("pre_classifier", "pre_classifier", d.hidden(), d.hidden(), DenseLayer.Activation.RELU,
                expected));
        layers.add(dense("classifier", "classifier", numLabels, d.hidden(), null, expected));
        return layers;
    }

    private static DenseLayer dense(String name, String prefix, int out, int in, DenseLayer.Activation act,
            Map<String, long[]> expected) {
        expected.put(prefix + ".weight", new long[] {out, in});
        expected.put(prefix + ".bias", new long[] {out});
        return new DenseLayer(name, prefix + ".weight", prefix + ".bias",
                act == null ? DenseLayer.Activation.IDENTITY : act);
    }

    private static LayerNorm norm(String prefix, Dims d, Map<String, long[]> expected) {
        expected.put(prefix + ".weight", new long[] {d.hidden()});
        expected.put(prefix + ".bias", new long[] {d.hidden()});
        return new LayerNorm(prefix + ".weight", prefix + ".bias", d.eps());
    }

    private static DenseLayer.Activation activation(Path configFile, String name) {
        return switch (name) {
            case "gelu" -> DenseLayer.Activation.GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> DenseLayer.Activation.GELU_TANH;
            case "relu" -> DenseLayer.Activation.RELU;
            default -> throw new LexrayException(configFile + ": activation \"" + name
                    + "\" is not supported; use gelu, gelu_new or relu");
        };
    }

    private static List<String> labels(Path configFile, JsonNode c) {
        JsonNode id2label = c.path("id2label");
        int n = c.path("num_labels").asInt(0);
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        if (id2label.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = id2label.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    byIndex.put(Integer.parseInt(e.getKey()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new LexrayException(configFile + ": id2label key \"" + e.getKey() + "\" is not an index");
                }
            }
        }
        if (byIndex.isEmpty()) {
            if (n <= 0) {
                n = 2; // HF's default for sequence classification
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add("LABEL_" + i);
            }
            return out;
        }
        if (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
            throw new LexrayException(configFile + ": id2label must number the classes 0.." + (byIndex.size() - 1));
        }
        if (new java.util.HashSet<>(byIndex.values()).size() != byIndex.size()) {
            throw new LexrayException(configFile + ": id2label labels must be distinct");
        }
        return List.copyOf(byIndex.values());
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
    private static void checkTokenIds(Path tokenizerJson, Path configFile, Dims d) {
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

    private static int dim(Path configFile, JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null || !v.isIntegralNumber()) {
            throw new LexrayException(configFile + " lacks the integer \"" + key + "\"");
        }
        long x = v.asLong();
        if (x <= 0 || x > MAX_DIM) {
            throw new LexrayException(configFile + ": \"" + key + "\" is " + x + ", expected 1 to " + MAX_DIM);
        }
        return (int) x;
    }
}
