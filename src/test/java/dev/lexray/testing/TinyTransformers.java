package dev.lexray.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes small random HuggingFace sequence-classification directories ({@code config.json} with HF's key names,
 * {@code model.safetensors} with HF tensor names, a hand-written WordPiece {@code tokenizer.json}) for BERT,
 * DistilBERT and RoBERTa, so transformer tests need nothing from outside. The RoBERTa directory uses the same
 * WordPiece tokenizer with its ids arranged as RoBERTa's ({@code [CLS]}=0, {@code [PAD]}=1, {@code [SEP]}=2,
 * {@code [UNK]}=3): only ids matter to the model.
 *
 * <p>Every directory holds the same words; {@link #WORDS} are whole-word tokens (one piece each), so a text made of
 * them has exactly one piece per word between the special tokens.
 */
public final class TinyTransformers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whole-word entries of the vocabulary: a text of these encodes to one piece per word. */
    public static final List<String> WORDS = List.of("the", "a", "movie", "film", "is", "was", "not", "very", "good",
            "bad", "great", "boring", "fun", "plot", "story", "and", "but", "it", "i", "love", "hate", "this",
            "acting", ".", ",", "!", "'", "don", "t", "s", "un");
    /** Continuation pieces: {@code films} is {@code film ##s}, {@code lovely} is {@code love ##ly}. */
    public static final List<String> SUFFIXES = List.of("##s", "##ing", "##ed", "##ly", "##y", "##er", "##able");

    /** The three supported families. */
    public enum Family {
        BERT("bert", "BertForSequenceClassification"),
        DISTILBERT("distilbert", "DistilBertForSequenceClassification"),
        ROBERTA("roberta", "RobertaForSequenceClassification");

        private final String modelType;
        private final String architecture;

        Family(String modelType, String architecture) {
            this.modelType = modelType;
            this.architecture = architecture;
        }

        public String modelType() {
            return modelType;
        }

        public String architecture() {
            return architecture;
        }

        /** The id of {@code [PAD]} (RoBERTa's layout puts it at 1). */
        public int padId() {
            return this == ROBERTA ? 1 : 0;
        }
    }

    /**
     * Sizes and initialisation of a tiny model.
     *
     * @param maxPositions the window in tokens (RoBERTa gets {@code maxPositions + 2} position embeddings, as HF
     *     counts them, so that all three families have this window)
     * @param zeroBiases every bias zero, LayerNorm beta included
     */
    public record Options(int hidden, int heads, int layers, int intermediate, int maxPositions, int numLabels,
            boolean zeroBiases, long seed, String activation) {
        public static Options defaults() {
            return new Options(12, 2, 2, 24, 16, 3, false, 7, "gelu");
        }

        public Options withZeroBiases() {
            return new Options(hidden, heads, layers, intermediate, maxPositions, numLabels, true, seed, activation);
        }

        public Options withSeed(long s) {
            return new Options(hidden, heads, layers, intermediate, maxPositions, numLabels, zeroBiases, s,
                    activation);
        }

        public Options withMaxPositions(int p) {
            return new Options(hidden, heads, layers, intermediate, p, numLabels, zeroBiases, seed, activation);
        }

        public Options withActivation(String a) {
            return new Options(hidden, heads, layers, intermediate, maxPositions, numLabels, zeroBiases, seed, a);
        }

        public Options withDims(int h, int nHeads) {
            return new Options(h, nHeads, layers, intermediate, maxPositions, numLabels, zeroBiases, seed,
                    activation);
        }
    }

    /** Labels of the tiny models ({@code id2label}). */
    public static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private TinyTransformers() {}

    /** Writes {@code <parent>/<model_type>-tiny} with default options. */
    public static Path write(Path parent, Family family) {
        return write(parent, family, Options.defaults());
    }

    public static Path write(Path parent, Family family, Options options) {
        Path dir = parent.resolve(family.modelType() + "-tiny" + (options.zeroBiases() ? "-nobias" : "") + "-"
                + options.seed());
        return write(dir, config(family, options), tensors(family, options), tokenizerJson(family));
    }

    /** Writes the three files into {@code dir} (for tests that alter one of them first). */
    public static Path write(Path dir, ObjectNode config, Map<String, Tensor> tensors, String tokenizerJson) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config));
            SafetensorsFile.write(dir.resolve("model.safetensors"), tensors);
            if (tokenizerJson != null) {
                Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vocabulary in id order. */
    public static List<String> vocabulary(Family family) {
        List<String> v = new ArrayList<>(family == Family.ROBERTA
                ? List.of("[CLS]", "[PAD]", "[SEP]", "[UNK]", "[MASK]")
                : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        v.addAll(WORDS);
        v.addAll(SUFFIXES);
        return v;
    }

    /** {@code config.json} as {@code save_pretrained} writes it for the family. */
    public static ObjectNode config(Family family, Options o) {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(family.architecture());
        c.put("model_type", family.modelType());
        c.put("vocab_size", vocabulary(family).size());
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < o.numLabels(); i++) {
            String label = i < LABELS.size() ? LABELS.get(i) : "LABEL_" + i;
            id2label.put(Integer.toString(i), label);
            label2id.put(label, i);
        }
        switch (family) {
            case DISTILBERT -> {
                c.put("dim", o.hidden());
                c.put("n_heads", o.heads());
                c.put("n_layers", o.layers());
                c.put("hidden_dim", o.intermediate());
                c.put("max_position_embeddings", o.maxPositions());
                c.put("activation", o.activation());
                c.put("pad_token_id", 0);
                c.put("sinusoidal_pos_embds", false);
                c.put("dropout", 0.1);
                c.put("attention_dropout", 0.1);
                c.put("seq_classif_dropout", 0.2);
            }
            case BERT, ROBERTA -> {
                boolean roberta = family == Family.ROBERTA;
                c.put("hidden_size", o.hidden());
                c.put("num_attention_heads", o.heads());
                c.put("num_hidden_layers", o.layers());
                c.put("intermediate_size", o.intermediate());
                c.put("max_position_embeddings", o.maxPositions() + (roberta ? 2 : 0));
                c.put("type_vocab_size", roberta ? 1 : 2);
                c.put("layer_norm_eps", roberta ? 1e-5 : 1e-12);
                c.put("hidden_act", o.activation());
                c.put("pad_token_id", family.padId());
                if (roberta) {
                    c.put("bos_token_id", 0);
                    c.put("eos_token_id", 2);
                }
                c.put("position_embedding_type", "absolute");
                c.put("hidden_dropout_prob", 0.1);
                c.put("attention_probs_dropout_prob", 0.1);
            }
        }
        c.put("torch_dtype", "float32");
        return c;
    }

    /** Random weights under HF's tensor names, in the order HF writes them. */
    public static Map<String, Tensor> tensors(Family family, Options o) {
        Init init = new Init(new Random(o.seed()), o.zeroBiases());
        Map<String, Tensor> t = new LinkedHashMap<>();
        int h = o.hidden();
        int vocab = vocabulary(family).size();
        if (family == Family.DISTILBERT) {
            String e = "distilbert.embeddings.";
            init.normal(t, e + "word_embeddings.weight", 1.0, vocab, h);
            init.normal(t, e + "position_embeddings.weight", 0.5, o.maxPositions(), h);
            init.norm(t, e + "LayerNorm", h);
            for (int i = 0; i < o.layers(); i++) {
                String l = "distilbert.transformer.layer." + i + ".";
                init.linear(t, l + "attention.q_lin", h, h, 2.0);
                init.linear(t, l + "attention.k_lin", h, h, 2.0);
                init.linear(t, l + "attention.v_lin", h, h, 1.0);
                init.linear(t, l + "attention.out_lin", h, h, 1.0);
                init.norm(t, l + "sa_layer_norm", h);
                init.linear(t, l + "ffn.lin1", o.intermediate(), h, 1.0);
                init.linear(t, l + "ffn.lin2", h, o.intermediate(), 1.0);
                init.norm(t, l + "output_layer_norm", h);
            }
            init.linear(t, "pre_classifier", h, h, 1.0);
            init.linear(t, "classifier", o.numLabels(), h, 1.5);
            return t;
        }
        boolean roberta = family == Family.ROBERTA;
        String p = family.modelType() + ".";
        String e = p + "embeddings.";
        init.normal(t, e + "word_embeddings.weight", 1.0, vocab, h);
        init.normal(t, e + "position_embeddings.weight", 0.5, o.maxPositions() + (roberta ? 2 : 0), h);
        init.normal(t, e + "token_type_embeddings.weight", 0.5, roberta ? 1 : 2, h);
        init.norm(t, e + "LayerNorm", h);
        for (int i = 0; i < o.layers(); i++) {
            String l = p + "encoder.layer." + i + ".";
            init.linear(t, l + "attention.self.query", h, h, 2.0);
            init.linear(t, l + "attention.self.key", h, h, 2.0);
            init.linear(t, l + "attention.self.value", h, h, 1.0);
            init.linear(t, l + "attention.output.dense", h, h, 1.0);
            init.norm(t, l + "attention.output.LayerNorm", h);
            init.linear(t, l + "intermediate.dense", o.intermediate(), h, 1.0);
            init.linear(t, l + "output.dense", h, o.intermediate(), 1.0);
            init.norm(t, l + "output.LayerNorm", h);
        }
        if (roberta) {
            init.linear(t, "classifier.dense", h, h, 1.0);
            init.linear(t, "classifier.out_proj", o.numLabels(), h, 1.5);
        } else {
            init.linear(t, "bert.pooler.dense", h, h, 1.0);
            init.linear(t, "classifier", o.numLabels(), h, 1.5);
        }
        return t;
    }

    /** Gaussian initialisation: weights {@code N(0, scale/sqrt(in))}, biases and betas {@code N(0, 0.2)}. */
    private record Init(Random random, boolean zeroBiases) {
        void normal(Map<String, Tensor> t, String name, double std, int rows, int cols) {
            float[] v = new float[rows * cols];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * std);
            }
            t.put(name, new Tensor(name, new long[] {rows, cols}, v));
        }

        void vector(Map<String, Tensor> t, String name, double mean, double std, int n, boolean isBias) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                double x = mean + random.nextGaussian() * std; // drawn even when zeroed: same weights either way
                v[i] = isBias && zeroBiases ? 0f : (float) x;
            }
            t.put(name, new Tensor(name, new long[] {n}, v));
        }

        void linear(Map<String, Tensor> t, String prefix, int out, int in, double scale) {
            normal(t, prefix + ".weight", scale / Math.sqrt(in), out, in);
            vector(t, prefix + ".bias", 0, 0.2, out, true);
        }

        void norm(Map<String, Tensor> t, String prefix, int n) {
            vector(t, prefix + ".weight", 1, 0.2, n, false);
            vector(t, prefix + ".bias", 0, 0.2, n, true);
        }
    }

    /**
     * A WordPiece {@code tokenizer.json} in the layout the tokenizers library writes (BertNormalizer lowercasing,
     * BertPreTokenizer, WordPiece model, TemplateProcessing adding {@code [CLS]} and {@code [SEP]}).
     */
    public static String tokenizerJson(Family family) {
        List<String> vocab = vocabulary(family);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            ObjectNode a = added.addObject();
            a.put("id", vocab.indexOf(special));
            a.put("content", special);
            a.put("single_word", false);
            a.put("lstrip", false);
            a.put("rstrip", false);
            a.put("normalized", false);
            a.put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", true);
        normalizer.putNull("strip_accents");
        normalizer.put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, "[CLS]", 0);
        sequence(single, "A", 0);
        special(single, "[SEP]", 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, "[CLS]", 0);
        sequence(pair, "A", 0);
        special(pair, "[SEP]", 0);
        sequence(pair, "B", 1);
        special(pair, "[SEP]", 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            ObjectNode n = specials.putObject(s);
            n.put("id", s);
            n.putArray("ids").add(vocab.indexOf(s));
            n.putArray("tokens").add(s);
        }
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            v.put(vocab.get(i), i);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void special(ArrayNode template, String id, int typeId) {
        ObjectNode n = template.addObject().putObject("SpecialToken");
        n.put("id", id);
        n.put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        ObjectNode n = template.addObject().putObject("Sequence");
        n.put("id", id);
        n.put("type_id", typeId);
    }
}
