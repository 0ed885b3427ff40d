package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.lrp.Lrp;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Trace;
import dev.lexray.model.TorchRuntime;
import dev.lexray.text.EncodedText;
import dev.lexray.text.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded classifier that predicts and explains. Thread-safe: one instance serves many threads, each batch in
 * its own tensor scope. Close it to free the weights.
 */
public final class LexrayModel implements AutoCloseable {
    private final SequentialClassifier classifier;
    private final String name;

    LexrayModel(SequentialClassifier classifier) {
        this.classifier = classifier;
        this.name = classifier.directory().toAbsolutePath().normalize().getFileName().toString();
    }

    /** The model's name (its directory's name). */
    public String name() {
        return name;
    }

    public List<String> labels() {
        return classifier.labels();
    }

    public String architecture() {
        return classifier.architecture();
    }

    /** True for LSTM/GRU models, whose explanations also carry the recurrent rule settings. */
    public boolean isRecurrent() {
        return ModelLoader.RECURRENT.contains(classifier.architecture());
    }

    public Prediction predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /** Labels and probabilities only (the forward pass). */
    public List<Prediction> predict(List<String> texts) {
        List<EncodedText> encoded = encodeAll(texts);
        List<Prediction> out = new ArrayList<>(texts.size());
        for (int from = 0; from < encoded.size(); from += ExplainOptions.DEFAULT_BATCH_SIZE) {
            List<EncodedText> chunk = encoded.subList(from, Math.min(encoded.size(), from + ExplainOptions.DEFAULT_BATCH_SIZE));
            try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(chunk, classifier.encoder().padId(), DataType.FLOAT32, manager);
                double[][] logits = rows(classifier.forward(batch).logits());
                for (int b = 0; b < chunk.size(); b++) {
                    double[] p = softmax(logits[b]);
                    out.add(new Prediction(chunk.get(b).text(), name, labels(), logits[b], p, argmaxRef(logits[b])));
                }
            }
        }
        return out;
    }

    public Explanation explain(String text) {
        return explain(text, ExplainOptions.defaults());
    }

    public Explanation explain(String text, ExplainOptions options) {
        return explain(List.of(text), options).get(0);
    }

    public List<Explanation> explain(List<String> texts) {
        return explain(texts, ExplainOptions.defaults());
    }

    /**
     * Explains every text, in padded batches of {@code options.batchSize()}; the result equals explaining them one
     * by one.
     *
     * @throws LexrayException for a text that cannot be encoded (empty, no known word) or an unknown target
     */
    public List<Explanation> explain(List<String> texts, ExplainOptions options) {
        List<EncodedText> encoded = encodeAll(texts);
        checkTarget(options.target());
        List<Explanation> out = new ArrayList<>(texts.size());
        for (int from = 0; from < encoded.size(); from += options.batchSize()) {
            out.addAll(explainBatch(encoded.subList(from, Math.min(encoded.size(), from + options.batchSize())),
                    options));
        }
        return out;
    }

    private List<Explanation> explainBatch(List<EncodedText> texts, ExplainOptions options) {
        int n = texts.size();
        DataType type = options.precision().dataType();
        try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch batch = SequenceBatch.of(texts, classifier.encoder().padId(), type, manager);
            Trace trace = classifier.forward(batch);
            double[][] logits = rows(trace.logits());
            int classes = labels().size();
            double[] weights = new double[n * classes];
            ExplainedTarget[] targets = new ExplainedTarget[n];
            for (int b = 0; b < n; b++) {
                int predicted = argmax(logits[b]);
                targets[b] = resolveTarget(options.target(), predicted);
                weights[b * classes + targets[b].index()] += 1;
                if (targets[b].versus() != null) {
                    weights[b * classes + targets[b].versus().index()] -= 1;
                }
            }
            NDArray targetWeights = manager.create(weights, new Shape(n, classes)).toType(type, false);
            Lrp.Result r = Lrp.explain(trace, targetWeights, options.composite());
            double[][] tokenRelevance = rows(r.tokens());
            double[] initial = r.initialState().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] score = r.targetScore().toType(DataType.FLOAT64, false).toDoubleArray();
            RuleSettings rule = new RuleSettings(options.rule().name(), options.rule().parameters(),
                    isRecurrent() ? options.recurrent().parameters() : null);
            List<Explanation> out = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                EncodedText e = texts.get(b);
                List<TokenRelevance> tokens = new ArrayList<>(e.length());
                double sum = 0;
                for (int t = 0; t < e.length(); t++) {
                    Token tok = e.tokens().get(t);
                    double rel = tokenRelevance[b][t];
                    sum += rel;
                    tokens.add(new TokenRelevance(tok.span().slice(e.text()), tok.span().start(), tok.span().end(),
                            rel));
                }
                out.add(new Explanation(e.text(), name, "lrp", rule, labels(), logits[b], softmax(logits[b]),
                        argmaxRef(logits[b]), targets[b], tokens, Conservation.of(sum, initial[b], score[b])));
            }
            return out;
        }
    }

    private void checkTarget(Target target) {
        resolveTarget(target, 0); // unknown labels fail before any work
    }

    private ExplainedTarget resolveTarget(Target target, int predicted) {
        if (target instanceof Target.Contrast c) {
            int a = Target.resolve(c.first(), labels(), predicted);
            int b = Target.resolve(c.second(), labels(), predicted);
            if (a == b) {
                throw new LexrayException("a contrast needs two different classes, got " + labels().get(a)
                        + " twice");
            }
            return new ExplainedTarget(a, labels().get(a), new ClassRef(b, labels().get(b)));
        }
        int i = Target.resolve(target, labels(), predicted);
        return new ExplainedTarget(i, labels().get(i), null);
    }

    private List<EncodedText> encodeAll(List<String> texts) {
        if (texts.isEmpty()) {
            throw new LexrayException("no text to explain");
        }
        List<EncodedText> encoded = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            try {
                encoded.add(classifier.encoder().encode(texts.get(i)));
            } catch (LexrayException e) {
                throw texts.size() == 1 ? e : new TextException(i, e.getMessage(), e);
            }
        }
        return encoded;
    }

    private ClassRef argmaxRef(double[] logits) {
        int i = argmax(logits);
        return new ClassRef(i, labels().get(i));
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double[][] rows(NDArray matrix) {
        long[] shape = matrix.getShape().getShape();
        int b = (int) shape[0];
        int c = (int) shape[1];
        double[] flat = matrix.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] out = new double[b][c];
        for (int i = 0; i < b; i++) {
            System.arraycopy(flat, i * c, out[i], 0, c);
        }
        return out;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
