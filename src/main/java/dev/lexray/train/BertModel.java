package dev.lexray.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lexray.corpus.LabelledText;
import dev.lexray.io.AtomicFiles;
import dev.lexray.model.Layer;
import dev.lexray.model.TransformerLoader;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.EncodedText;
import dev.lexray.text.SubwordEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small BERT encoder trained from scratch (there is no pretrained checkpoint here), written in the HuggingFace
 * layout ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) as
 * {@code BertForSequenceClassification} would save it, with a WordPiece vocabulary built from the training split.
 */
final class BertModel implements TrainableModel {
    private final TrainingConfig cfg;
    private final List<String> labels;
    private final int layersCount;
    private final int heads;
    private final int intermediate;
    private final int positions;
    private final int vocabSize;
    private List<String> vocab;
    private SubwordEncoder encoder;
    private Path scratch;
    private ObjectNode config;
    private List<Layer> layers;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    BertModel(TrainingConfig cfg, List<String> labels) {
        this.cfg = cfg;
        this.labels = List.copyOf(labels);
        this.layersCount = cfg.numLayers();
        this.heads = 4;
        this.intermediate = 4 * cfg.hiddenSize();
        this.positions = 128;
        this.vocabSize = cfg.maxVocab();
    }

    @Override
    public void prepare(List<LabelledText> train) {
        vocab = WordPieceBuilder.build(train.stream().map(LabelledText::text).toList(), vocabSize, cfg.minCount());
        try {
            scratch = Files.createTempDirectory("lexray-wordpiece");
            Files.write(scratch.resolve("tokenizer.json"), WordPieceBuilder.tokenizerJson(vocab));
        } catch (IOException e) {
            throw new LexrayException("cannot write a temporary tokenizer: " + e.getMessage(), e);
        }
        encoder = new SubwordEncoder(scratch.resolve("tokenizer.json"), 0, 1);
        config = hfConfig();
        layers = TransformerLoader.layersFor(config, shapes);
    }

    private ObjectNode hfConfig() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode c = m.createObjectNode();
        c.putArray("architectures").add("BertForSequenceClassification");
        c.put("model_type", "bert");
        c.put("attention_probs_dropout_prob", 0.0);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", cfg.dropout());
        c.put("hidden_size", cfg.hiddenSize());
        ObjectNode id2label = c.putObject("id2label");
        ObjectNode label2id = c.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(Integer.toString(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", intermediate);
        c.put("layer_norm_eps", 1e-12);
        c.put("max_position_embeddings", positions);
        c.put("num_attention_heads", heads);
        c.put("num_hidden_layers", layersCount);
        c.put("pad_token_id", 0);
        c.put("position_embedding_type", "absolute");
        c.put("type_vocab_size", 2);
        c.put("vocab_size", vocab.size());
        return c;
    }

    @Override
    public EncodedText encode(String text) {
        EncodedText e;
        try {
            e = encoder.encode(text);
        } catch (LexrayException empty) {
            return null;
        }
        if (e.length() <= positions) {
            return e;
        }
        // Training only: keep [CLS], the first pieces, and [SEP] (explanations use windows instead).
        int[] keep = new int[positions];
        for (int i = 0; i < positions - 1; i++) {
            keep[i] = i;
        }
        keep[positions - 1] = e.length() - 1;
        return e.select(keep);
    }

    @Override
    public int padId() {
        return 0;
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Map<String, long[]> shapes() {
        return shapes;
    }

    /** As HuggingFace initialises BERT: N(0, 0.02) weights and embeddings, zero biases, LayerNorm 1 and 0. */
    @Override
    public float[] initialise(String name, long[] shape, Random random) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (name.endsWith("LayerNorm.weight")) {
            Arrays.fill(v, 1f);
        } else if (!name.endsWith(".bias")) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * 0.02);
            }
            if (name.endsWith("word_embeddings.weight")) {
                Arrays.fill(v, 0, (int) shape[1], 0f); // [PAD]
            }
        }
        return v;
    }

    @Override
    public void write(Path out, Map<String, float[]> values) {
        try {
            TrainableModel.writeWeights(out, shapes, values);
            AtomicFiles.write(out.resolve("tokenizer.json"), WordPieceBuilder.tokenizerJson(vocab));
            AtomicFiles.write(out.resolve("vocab.txt"), (String.join("\n", vocab) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode tok = json.createObjectNode();
            tok.put("tokenizer_class", "BertTokenizerFast");
            tok.put("do_lower_case", true);
            tok.put("model_max_length", positions);
            tok.put("cls_token", "[CLS]");
            tok.put("sep_token", "[SEP]");
            tok.put("pad_token", "[PAD]");
            tok.put("unk_token", "[UNK]");
            tok.put("mask_token", "[MASK]");
            AtomicFiles.write(out.resolve("tokenizer_config.json"), json.writeValueAsBytes(tok));
            AtomicFiles.write(out.resolve("config.json"), json.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new LexrayException("cannot write the model to " + out + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int vocabularySize() {
        return vocab.size();
    }

    @Override
    public boolean warmup() {
        return true;
    }
}
