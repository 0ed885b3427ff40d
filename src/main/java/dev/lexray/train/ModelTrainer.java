package dev.lexray.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lexray.LexrayException;
import dev.lexray.eval.ClassificationMetrics;
import dev.lexray.model.AtomicFiles;
import dev.lexray.model.DenseLayer;
import dev.lexray.model.EmbeddingLayer;
import dev.lexray.model.ForwardContext;
import dev.lexray.model.Layer;
import dev.lexray.model.ModelConfig;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.Parameters;
import dev.lexray.model.RecurrentLayer;
import dev.lexray.model.SafetensorsFile;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.Tensor;
import dev.lexray.model.TorchRuntime;
import dev.lexray.text.EncodedText;
import dev.lexray.text.Token;
import dev.lexray.text.Vocabulary;
import dev.lexray.text.WordAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a word-level classifier (BiLSTM, BiGRU, LSTM, GRU or embedding-bag MLP) with DJL autograd through the
 * very layers the explainer runs, with Adam, dropout, gradient clipping, length-bucketed batches and early stopping
 * on the dev split; writes a model directory ({@code config.json}, {@code vocab.txt}, {@code model.safetensors}) of
 * the best epoch. Deterministic for a seed (single-threaded libtorch).
 */
public final class ModelTrainer {
    /** One epoch's figures. */
    public record EpochLog(int epoch, double trainLoss, double devAccuracy, double devMacroF1, double seconds) {}

    /** The outcome: where the model was written, its dev metrics at the best epoch, and the log. */
    public record Result(Path directory, ModelConfig config, int vocabularySize, long parameters, int bestEpoch,
            ClassificationMetrics dev, List<EpochLog> log, double seconds) {}

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final TrainingConfig cfg;
    private final List<String> labels;
    private final Consumer<String> progress;

    public ModelTrainer(TrainingConfig cfg, List<String> labels, Consumer<String> progress) {
        this.cfg = cfg;
        this.labels = List.copyOf(labels);
        this.progress = progress;
    }

    public Result train(List<Example> train, List<Example> dev, Path out) {
        long started = System.nanoTime();
        if (train.isEmpty() || dev.isEmpty()) {
            throw new LexrayException("training needs a non-empty training split and dev split");
        }
        WordAnalyzer analyzer = new WordAnalyzer(WordAnalyzer.Kind.parse(cfg.analyzer()), cfg.lowercase());
        List<List<String>> trainTerms = train.stream().map(e -> VocabularyBuilder.terms(analyzer, e.text())).toList();
        Vocabulary vocab = VocabularyBuilder.build(trainTerms, cfg.minCount(), cfg.maxVocab());
        List<Encoded> trainSet = encode(train, trainTerms, vocab);
        List<Encoded> devSet = encode(dev, dev.stream().map(e -> VocabularyBuilder.terms(analyzer, e.text())).toList(),
                vocab);
        ModelConfig config = new ModelConfig(cfg.architecture(), cfg.numLayers(), vocab.size(), cfg.embeddingDim(),
                cfg.hiddenSize() > 0 ? cfg.hiddenSize() : null, cfg.hiddenSizes().isEmpty() ? null : cfg.hiddenSizes(),
                cfg.hiddenSizes().isEmpty() ? null : "relu", cfg.pooling(), labels.size(), labels, "vocab.txt",
                cfg.lowercase(), cfg.analyzer(), null);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<Layer> layers = ModelLoader.layersFor(config, shapes);
        Random random = new Random(cfg.seed());
        List<EpochLog> log = new ArrayList<>();
        Engine engine = TorchRuntime.engine();
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = initialise(shapes, layers, root, random);
            Map<String, NDArray[]> adam = new LinkedHashMap<>();
            params.forEach((k, v) -> adam.put(k, new NDArray[] {v.zerosLike(), v.zerosLike()}));
            Parameters live = Parameters.live(params);
            Map<String, float[]> best = snapshot(params);
            float[] classWeights = classWeights(trainSet);
            double bestF1 = -1;
            int bestEpoch = 0;
            ClassificationMetrics bestDev = null;
            int stale = 0;
            long step = 0;
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                List<List<Encoded>> batches = batches(trainSet, random);
                double lossSum = 0;
                int done = 0;
                for (List<Encoded> batch : batches) {
                    step++;
                    lossSum += trainStep(engine, layers, live, params, adam, batch, random, step, classWeights) * batch.size();
                    done++;
                    if (done % 200 == 0 || done == batches.size()) {
                        progress.accept(String.format(java.util.Locale.ROOT, "epoch %d: %d/%d batches, loss %.4f",
                                epoch, done, batches.size(), lossSum / Math.max(1, done * (double) cfg.batchSize())));
                    }
                }
                ClassificationMetrics m = evaluate(layers, live, devSet);
                double secs = (System.nanoTime() - t0) / 1e9;
                log.add(new EpochLog(epoch, lossSum / trainSet.size(), m.accuracy(), m.macroF1(), secs));
                progress.accept(String.format(java.util.Locale.ROOT,
                        "epoch %d: train loss %.4f, dev accuracy %.4f, dev macro-F1 %.4f (%.0f s)", epoch,
                        lossSum / trainSet.size(), m.accuracy(), m.macroF1(), secs));
                if (m.macroF1() > bestF1) {
                    bestF1 = m.macroF1();
                    bestEpoch = epoch;
                    bestDev = m;
                    best = snapshot(params);
                    stale = 0;
                } else if (++stale >= cfg.patience()) {
                    progress.accept("no dev improvement for " + stale + " epochs: stopping");
                    break;
                }
            }
            write(out, config, vocab, shapes, best);
            long count = best.values().stream().mapToLong(v -> v.length).sum();
            return new Result(out, config, vocab.size(), count, bestEpoch, bestDev, log,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private record Encoded(EncodedText text, int label) {}

    private List<Encoded> encode(List<Example> examples, List<List<String>> terms, Vocabulary vocab) {
        List<Encoded> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            List<String> t = terms.get(i);
            if (t.isEmpty()) {
                continue; // nothing the analyzer keeps: nothing to learn from
            }
            int label = labels.indexOf(examples.get(i).label());
            if (label < 0) {
                throw new LexrayException("example " + (i + 1) + " has label '" + examples.get(i).label()
                        + "', not one of " + labels);
            }
            int[] ids = t.stream().mapToInt(vocab::idOf).toArray();
            List<Token> tokens = t.stream().map(s -> new Token(s, new dev.lexray.text.Span(0, 0))).toList();
            out.add(new Encoded(new EncodedText(examples.get(i).text(), tokens, ids, 0), label));
        }
        return out;
    }

    /** Shuffled batches of similar lengths: sort shuffled chunks of 50 batches by length, then shuffle batches. */
    private List<List<Encoded>> batches(List<Encoded> data, Random random) {
        List<Encoded> shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, random);
        int chunk = cfg.batchSize() * 50;
        List<List<Encoded>> out = new ArrayList<>();
        for (int from = 0; from < shuffled.size(); from += chunk) {
            List<Encoded> part = new ArrayList<>(shuffled.subList(from, Math.min(shuffled.size(), from + chunk)));
            part.sort(java.util.Comparator.comparingInt(e -> e.text().length()));
            for (int b = 0; b < part.size(); b += cfg.batchSize()) {
                out.add(part.subList(b, Math.min(part.size(), b + cfg.batchSize())));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private double trainStep(Engine engine, List<Layer> layers, Parameters live, Map<String, NDArray> params,
            Map<String, NDArray[]> adam, List<Encoded> batch, Random random, long step, float[] classWeights) {
        double loss;
        try (NDManager m = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch sb = SequenceBatch.of(batch.stream().map(Encoded::text).toList(), 0, DataType.FLOAT32, m);
            float[] onehot = new float[batch.size() * labels.size()];
            for (int i = 0; i < batch.size(); i++) {
                onehot[i * labels.size() + batch.get(i).label()] = classWeights[batch.get(i).label()];
            }
            NDArray target = m.create(onehot, new Shape(batch.size(), labels.size()));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray logits = forward(layers, live, sb, random);
                NDArray l = logits.logSoftmax(1).mul(target).sum().neg().div(batch.size());
                gc.backward(l);
                loss = l.getFloat();
            }
            update(params, adam, step);
        }
        return loss;
    }

    /** Per-class loss weights: 1, or n / (C * n_c) when the config asks for balanced classes. */
    private float[] classWeights(List<Encoded> data) {
        float[] w = new float[labels.size()];
        java.util.Arrays.fill(w, 1f);
        if (cfg.balanced()) {
            long[] counts = new long[labels.size()];
            data.forEach(e -> counts[e.label()]++);
            for (int c = 0; c < w.length; c++) {
                w[c] = counts[c] == 0 ? 0f : (float) data.size() / (labels.size() * counts[c]);
            }
        }
        return w;
    }

    /** The training forward: the explainer's layers with dropout on the embeddings and the classifier input. */
    private NDArray forward(List<Layer> layers, Parameters params, SequenceBatch batch, Random random) {
        ForwardContext ctx = new ForwardContext(params, DataType.FLOAT32, batch);
        NDArray x = batch.ids();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (random != null && (i == layers.size() - 1 || layer instanceof RecurrentLayer && i > 1)) {
                x = dropout(x, random);
            }
            x = layer.forward(x, ctx).output();
            if (random != null && layer instanceof EmbeddingLayer) {
                x = dropout(x, random);
            }
        }
        return x;
    }

    private NDArray dropout(NDArray x, Random random) {
        if (cfg.dropout() <= 0) {
            return x;
        }
        long n = x.size();
        float[] mask = new float[Math.toIntExact(n)];
        float keep = (float) (1 - cfg.dropout());
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < keep ? 1 / keep : 0;
        }
        return x.mul(x.getManager().create(mask, x.getShape()));
    }

    /** Adam with global-norm gradient clipping and optional decoupled weight decay; grads are zeroed after. */
    private void update(Map<String, NDArray> params, Map<String, NDArray[]> adam, long step) {
        double norm2 = 0;
        Map<String, NDArray> grads = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = e.getValue().getGradient();
            grads.put(e.getKey(), g);
            norm2 += g.square().sum().getFloat();
        }
        double scale = cfg.clipNorm() > 0 && Math.sqrt(norm2) > cfg.clipNorm() ? cfg.clipNorm() / Math.sqrt(norm2) : 1;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            NDArray g = grads.get(e.getKey()).mul(scale);
            NDArray[] mv = adam.get(e.getKey());
            mv[0].muli(BETA1).addi(g.mul(1 - BETA1));
            mv[1].muli(BETA2).addi(g.square().mul(1 - BETA2));
            NDArray stepArr = mv[0].div(c1).div(mv[1].div(c2).sqrt().add(ADAM_EPS)).mul(cfg.learningRate());
            if (cfg.weightDecay() > 0) {
                w.subi(w.mul(cfg.learningRate() * cfg.weightDecay()));
            }
            w.subi(stepArr);
            NDArray raw = grads.get(e.getKey());
            raw.subi(raw); // zero the gradient in place for the next step
        }
    }

    private ClassificationMetrics evaluate(List<Layer> layers, Parameters live, List<Encoded> data) {
        int[] truth = new int[data.size()];
        int[] pred = new int[data.size()];
        int bs = 256;
        for (int from = 0; from < data.size(); from += bs) {
            List<Encoded> part = data.subList(from, Math.min(data.size(), from + bs));
            try (NDManager m = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch sb = SequenceBatch.of(part.stream().map(Encoded::text).toList(), 0, DataType.FLOAT32, m);
                long[] am = forward(layers, live, sb, null).argMax(1).toLongArray();
                for (int i = 0; i < part.size(); i++) {
                    truth[from + i] = part.get(i).label();
                    pred[from + i] = (int) am[i];
                }
            }
        }
        return ClassificationMetrics.of(labels, truth, pred);
    }

    /** torch-like initialisation; the LSTM forget-gate bias starts at 1, [PAD]'s embedding at 0. */
    private Map<String, NDArray> initialise(Map<String, long[]> shapes, List<Layer> layers, NDManager root,
            Random random) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
            if (name.equals("embedding.weight")) {
                for (int i = (int) shape[1]; i < v.length; i++) {
                    v[i] = (float) (random.nextGaussian() * 0.1);
                }
            } else {
                double fanIn = name.startsWith("lstm.") || name.startsWith("gru.") ? cfg.hiddenSize()
                        : shape.length > 1 ? shape[1] : shapes.get(name.replace(".bias", ".weight"))[1];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                if (name.startsWith("lstm.bias_ih")) {
                    int h = cfg.hiddenSize();
                    for (int i = h; i < 2 * h; i++) {
                        v[i] = 1f; // forget gate
                    }
                }
            }
            NDArray a = root.create(v, new Shape(shape));
            a.setRequiresGradient(true);
            out.put(name, a);
        }
        return out;
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> params) {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    private static void write(Path out, ModelConfig config, Vocabulary vocab, Map<String, long[]> shapes,
            Map<String, float[]> values) {
        try {
            Files.createDirectories(out);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            shapes.forEach((k, s) -> tensors.put(k, new Tensor(k, s, values.get(k))));
            SafetensorsFile.write(out.resolve("model.safetensors"), tensors);
            StringBuilder vb = new StringBuilder();
            for (int i = 0; i < vocab.size(); i++) {
                vb.append(vocab.token(i)).append('\n');
            }
            AtomicFiles.write(out.resolve("vocab.txt"), vb.toString().getBytes(StandardCharsets.UTF_8));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
            AtomicFiles.write(out.resolve("config.json"), json.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new LexrayException("cannot write the model to " + out + ": " + e.getMessage(), e);
        }
    }

    static boolean isDense(Layer l) {
        return l instanceof DenseLayer;
    }
}
