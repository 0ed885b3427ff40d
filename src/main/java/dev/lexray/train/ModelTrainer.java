package dev.lexray.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lexray.corpus.LabelledText;
import dev.lexray.eval.ClassificationMetrics;
import dev.lexray.model.EmbeddingLayer;
import dev.lexray.model.EncoderLayer;
import dev.lexray.model.ForwardContext;
import dev.lexray.model.Layer;
import dev.lexray.model.Parameters;
import dev.lexray.model.RecurrentLayer;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.TransformerEmbeddingLayer;
import dev.lexray.runtime.HostArrays;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.TorchRuntime;
import dev.lexray.text.EncodedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    public record Result(Path directory, List<String> labels, int vocabularySize, long parameters, int bestEpoch,
            ClassificationMetrics dev, List<EpochLog> log, double seconds) {}

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;

    private final TrainingConfig cfg;
    private final List<String> labels;
    private final Consumer<String> progress;
    private long skipped;

    public ModelTrainer(TrainingConfig cfg, List<String> labels, Consumer<String> progress) {
        this.cfg = cfg;
        this.labels = List.copyOf(labels);
        this.progress = progress;
    }

    public Result train(List<LabelledText> train, List<LabelledText> dev, Path out) {
        long started = System.nanoTime();
        if (train.isEmpty() || dev.isEmpty()) {
            throw new LexrayException("training needs a non-empty training split and dev split");
        }
        TrainableModel model = cfg.architecture().equals("bert") ? new BertModel(cfg, labels)
                : new WordLevelModel(cfg, labels);
        model.prepare(train);
        List<Encoded> trainSet = encode(model, train);
        List<Encoded> devSet = encode(model, dev);
        List<Layer> layers = model.layers();
        Random random = new Random(cfg.seed());
        List<EpochLog> log = new ArrayList<>();
        Engine engine = TorchRuntime.engine();
        try (NDManager root = TorchRuntime.newManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            model.shapes().forEach((name, shape) -> {
                NDArray a = HostArrays.of(root, model.initialise(name, shape, random), new Shape(shape));
                a.setRequiresGradient(true);
                params.put(name, a);
            });
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
            long totalSteps = (long) cfg.epochs() * ((trainSet.size() + cfg.batchSize() - 1) / cfg.batchSize());
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                List<List<Encoded>> batches = batches(trainSet, random);
                double lossSum = 0;
                int done = 0;
                for (List<Encoded> batch : batches) {
                    step++;
                    double lr = learningRate(model, step, totalSteps);
                    lossSum += trainStep(engine, model, live, params, adam, batch, random, step, lr, classWeights)
                            * batch.size();
                    done++;
                    if (done % 200 == 0 || done == batches.size()) {
                        progress.accept(String.format(Locale.ROOT, "epoch %d: %d/%d batches, loss %.4f%s",
                                epoch, done, batches.size(), lossSum / Math.max(1, done * (double) cfg.batchSize()),
                                skipped == 0 ? "" : " (" + skipped + " non-finite steps skipped)"));
                    }
                }
                ClassificationMetrics m = evaluate(model, live, devSet);
                double secs = (System.nanoTime() - t0) / 1e9;
                log.add(new EpochLog(epoch, lossSum / trainSet.size(), m.accuracy(), m.macroF1(), secs));
                progress.accept(String.format(Locale.ROOT,
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
            if (skipped > 0) {
                progress.accept(skipped + " training steps had a non-finite loss and were skipped");
            }
            model.write(out, best);
            long count = best.values().stream().mapToLong(v -> v.length).sum();
            return new Result(out, labels, model.vocabularySize(), count, bestEpoch, bestDev, log,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** Constant for word-level models; linear warm-up over the first 6 % of steps, then linear decay, for BERT. */
    private double learningRate(TrainableModel model, long step, long total) {
        if (!model.warmup()) {
            return cfg.learningRate();
        }
        long warm = Math.max(1, total * 6 / 100);
        if (step <= warm) {
            return cfg.learningRate() * step / warm;
        }
        return cfg.learningRate() * Math.max(0.0, (double) (total - step) / Math.max(1, total - warm));
    }

    private record Encoded(EncodedText text, int label) {}

    private List<Encoded> encode(TrainableModel model, List<LabelledText> examples) {
        List<Encoded> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            int label = labels.indexOf(examples.get(i).label());
            if (label < 0) {
                throw new LexrayException("example " + (i + 1) + " has label '" + examples.get(i).label()
                        + "', not one of " + labels);
            }
            EncodedText e = model.encode(examples.get(i).text());
            if (e != null) { // nothing the tokenizer keeps: nothing to learn from
                out.add(new Encoded(e, label));
            }
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
            part.sort(Comparator.comparingInt(e -> e.text().length()));
            for (int b = 0; b < part.size(); b += cfg.batchSize()) {
                out.add(part.subList(b, Math.min(part.size(), b + cfg.batchSize())));
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private double trainStep(Engine engine, TrainableModel model, Parameters live, Map<String, NDArray> params,
            Map<String, NDArray[]> adam, List<Encoded> batch, Random random, long step, double lr,
            float[] classWeights) {
        double loss;
        try (NDManager m = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch sb = SequenceBatch.of(batch.stream().map(Encoded::text).toList(), model.padId(),
                    DataType.FLOAT32, m);
            float[] onehot = new float[batch.size() * labels.size()];
            for (int i = 0; i < batch.size(); i++) {
                onehot[i * labels.size() + batch.get(i).label()] = classWeights[batch.get(i).label()];
            }
            NDArray target = HostArrays.of(m, onehot, new Shape(batch.size(), labels.size()));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray logits = forward(model.layers(), live, sb, random);
                NDArray l = logits.logSoftmax(1).mul(target).sum().neg().div(batch.size());
                gc.backward(l);
                loss = l.getFloat();
            }
            if (!Double.isFinite(loss) || !finiteGradients(params)) {
                skipped++; // one non-finite step would poison the weights and Adam's moments: leave them as they are
                resetGradients(params);
                return Double.isFinite(loss) ? loss : 0;
            }
            update(params, adam, step, lr);
        }
        return loss;
    }

    private static boolean finiteGradients(Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            if (!Float.isFinite(p.getGradient().sum().getFloat())) {
                return false;
            }
        }
        return true;
    }

    /** Zeroes every gradient in place; {@code g - g} would keep NaN and turn infinities into NaN. */
    private static void resetGradients(Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            NDArray g = p.getGradient();
            g.set(new NDIndex("..."), 0);
        }
    }

    /** Per-class loss weights: 1, or n / (C * n_c) when the config asks for balanced classes. */
    private float[] classWeights(List<Encoded> data) {
        float[] w = new float[labels.size()];
        Arrays.fill(w, 1f);
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
            if (random != null && (i == layers.size() - 1 || layer instanceof RecurrentLayer && i > 1
                    || layer instanceof EncoderLayer)) {
                x = dropout(x, random);
            }
            x = layer.forward(x, ctx).output();
            if (random != null && (layer instanceof EmbeddingLayer || layer instanceof TransformerEmbeddingLayer)) {
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
        return x.mul(HostArrays.of(x.getManager(), mask, x.getShape()));
    }

    /** Adam with global-norm gradient clipping and optional decoupled weight decay; grads are zeroed after. */
    private void update(Map<String, NDArray> params, Map<String, NDArray[]> adam, long step, double lr) {
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
            NDArray stepArr = mv[0].div(c1).div(mv[1].div(c2).sqrt().add(ADAM_EPS)).mul(lr);
            if (cfg.weightDecay() > 0) {
                w.subi(w.mul(lr * cfg.weightDecay()));
            }
            w.subi(stepArr);
            NDArray raw = grads.get(e.getKey());
            raw.subi(raw); // zero the gradient in place for the next step
        }
    }

    private ClassificationMetrics evaluate(TrainableModel model, Parameters live, List<Encoded> data) {
        int[] truth = new int[data.size()];
        int[] pred = new int[data.size()];
        int bs = 256;
        for (int from = 0; from < data.size(); from += bs) {
            List<Encoded> part = data.subList(from, Math.min(data.size(), from + bs));
            try (NDManager m = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch sb = SequenceBatch.of(part.stream().map(Encoded::text).toList(), model.padId(),
                        DataType.FLOAT32, m);
                long[] am = forward(model.layers(), live, sb, null).argMax(1).toLongArray();
                for (int i = 0; i < part.size(); i++) {
                    truth[from + i] = part.get(i).label();
                    pred[from + i] = (int) am[i];
                }
            }
        }
        return ClassificationMetrics.of(labels, truth, pred);
    }

    private static Map<String, float[]> snapshot(Map<String, NDArray> params) {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

}
