package dev.lexray.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lexray.corpus.LabelledText;
import dev.lexray.io.AtomicFiles;
import dev.lexray.model.Layer;
import dev.lexray.model.ModelConfig;
import dev.lexray.model.ModelLoader;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.EncodedText;
import dev.lexray.text.Span;
import dev.lexray.text.Token;
import dev.lexray.text.Vocabulary;
import dev.lexray.text.WordAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Word-level architectures (LSTM, GRU, bidirectional, embedding-bag MLP, CNN) with a vocabulary from the training split. */
final class WordLevelModel implements TrainableModel {
    private final TrainingConfig cfg;
    private final List<String> labels;
    private final WordAnalyzer analyzer;
    private Vocabulary vocab;
    private ModelConfig config;
    private List<Layer> layers;
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    WordLevelModel(TrainingConfig cfg, List<String> labels) {
        this.cfg = cfg;
        this.labels = List.copyOf(labels);
        this.analyzer = new WordAnalyzer(WordAnalyzer.Kind.parse(cfg.analyzer()), cfg.lowercase());
    }

    @Override
    public void prepare(List<LabelledText> train) {
        vocab = VocabularyBuilder.build(train.stream().map(e -> VocabularyBuilder.terms(analyzer, e.text())).toList(),
                cfg.minCount(), cfg.maxVocab());
        boolean cnn = cfg.architecture().equals("cnn");
        config = new ModelConfig(cfg.architecture(), cnn ? null : cfg.numLayers(), vocab.size(), cfg.embeddingDim(),
                cfg.hiddenSize() > 0 && !cnn ? cfg.hiddenSize() : null,
                cfg.hiddenSizes().isEmpty() ? null : cfg.hiddenSizes(),
                cfg.hiddenSizes().isEmpty() && !cnn ? null : "relu", cfg.pooling(), labels.size(), labels, "vocab.txt",
                cfg.lowercase(), cfg.analyzer(), null, cnn ? TrainingConfig.KIM_FILTER_SIZES : null,
                cnn ? cfg.hiddenSize() : null);
        layers = ModelLoader.layersFor(config, shapes);
    }

    @Override
    public EncodedText encode(String text) {
        List<String> terms = VocabularyBuilder.terms(analyzer, text);
        if (terms.isEmpty()) {
            return null;
        }
        int[] ids = terms.stream().mapToInt(vocab::idOf).toArray();
        List<Token> tokens = terms.stream().map(s -> new Token(s, new Span(0, 0))).toList();
        return new EncodedText(text, tokens, ids, 0);
    }

    @Override
    public int padId() {
        return vocab.padId();
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public Map<String, long[]> shapes() {
        return shapes;
    }

    /** torch-like: U(-1/sqrt(fan_in), 1/sqrt(fan_in)); embeddings N(0, 0.1) with [PAD] at 0; LSTM forget bias 1. */
    @Override
    public float[] initialise(String name, long[] shape, Random random) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        if (name.equals("embedding.weight")) {
            for (int i = (int) shape[1]; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * 0.1);
            }
            return v;
        }
        double fanIn = name.startsWith("lstm.") || name.startsWith("gru.") ? cfg.hiddenSize()
                : fanIn(shape.length > 1 ? shape : shapes.get(name.replace(".bias", ".weight")));
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        if (name.startsWith("lstm.bias_ih")) {
            Arrays.fill(v, cfg.hiddenSize(), 2 * cfg.hiddenSize(), 1f); // forget gate
        }
        return v;
    }

    /** torch's fan-in of a weight: every dimension but the first ({@code E*k} for a {@code Conv1d [F,E,k]}). */
    private static double fanIn(long[] weightShape) {
        double n = 1;
        for (int i = 1; i < weightShape.length; i++) {
            n *= weightShape[i];
        }
        return n;
    }

    @Override
    public void write(Path out, Map<String, float[]> values) {
        try {
            TrainableModel.writeWeights(out, shapes, values);
            StringBuilder vb = new StringBuilder();
            for (int i = 0; i < vocab.size(); i++) {
                vb.append(vocab.token(i)).append('\n');
            }
            AtomicFiles.write(out.resolve("vocab.txt"), vb.toString().getBytes(StandardCharsets.UTF_8));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .setSerializationInclusion(JsonInclude.Include.NON_NULL);
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
        return false;
    }
}
