package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.BatchAttribution;
import dev.lexray.attribution.Baselines;
import dev.lexray.lrp.Lrp;
import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Trace;
import dev.lexray.model.TorchRuntime;
import dev.lexray.text.EncodedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded classifier that predicts and explains. Thread-safe: one instance serves many threads, each batch in
 * its own tensor scope. Close it to free the weights.
 */
public final class LexrayModel implements AutoCloseable {
    /** Perturbed variants per forward pass in {@link #logitsWithout}. */
    private static final int VARIANT_BATCH = 128;

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

    /** Labels and probabilities only (the forward pass). Long texts are averaged over windows, as in explain. */
    public List<Prediction> predict(List<String> texts) {
        List<EncodedText> encoded = encodeAll(texts);
        List<Unit> units = Windows.split(encoded, classifier);
        double[][] logits = new double[units.size()][];
        for (int from = 0; from < units.size(); from += ExplainOptions.DEFAULT_BATCH_SIZE) {
            List<Unit> chunk = units.subList(from, Math.min(units.size(), from + ExplainOptions.DEFAULT_BATCH_SIZE));
            try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(chunk.stream().map(Unit::encoded).toList(),
                        classifier.encoder().padId(), DataType.FLOAT32, manager);
                double[][] rows = rows(classifier.forward(batch).logits());
                System.arraycopy(rows, 0, logits, from, rows.length);
            }
        }
        List<Prediction> out = new ArrayList<>(texts.size());
        int u = 0;
        for (EncodedText e : encoded) {
            int n = units.get(u).windows();
            double[] mean = new double[labels().size()];
            for (int w = 0; w < n; w++, u++) {
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += logits[u][c] / n;
                }
            }
            out.add(new Prediction(e.text(), name, labels(), mean, softmax(mean), argmaxRef(mean)));
        }
        return out;
    }

    /**
     * The logits of variants of one text, each with some of its words removed. {@code removed.get(v)[w]} marks word
     * {@code w} of variant {@code v}, words numbered as in {@link Explanation#tokens()} (a subword model's word is
     * all its pieces). A text longer than a transformer's window is scored over windows, as {@link #predict} does.
     * For evaluations (word deletion, AOPC); thread-safe like everything here.
     *
     * @throws LexrayException for a text that cannot be encoded
     */
    public double[][] logitsWithout(String text, List<boolean[]> removed, Removal removal) {
        EncodedText e = classifier.encoder().encode(text);
        List<int[]> words = WordMerger.groups(e, classifier.isTransformer());
        int replacement = removal == Removal.UNK ? Baselines.unknownId(classifier) : classifier.encoder().padId();
        List<EncodedText> variants = new ArrayList<>(removed.size());
        List<boolean[]> zeroed = new ArrayList<>(removed.size());
        for (boolean[] r : removed) {
            if (r.length != words.size()) {
                throw new IllegalArgumentException("the text has " + words.size() + " words, the mask " + r.length);
            }
            boolean[] marked = new boolean[e.length()];
            for (int w = 0; w < r.length; w++) {
                if (r[w]) {
                    for (int i : words.get(w)) {
                        marked[i] = true;
                    }
                }
            }
            switch (removal) {
                case ZERO_EMBEDDING -> {
                    variants.add(e);
                    zeroed.add(marked);
                }
                case UNK, PAD -> {
                    variants.add(dev.lexray.attribution.Words.replaced(e, marked, replacement));
                    zeroed.add(null);
                }
                case DELETE -> {
                    variants.add(dev.lexray.attribution.Words.without(e, marked));
                    zeroed.add(null);
                }
            }
        }
        List<Unit> units = Windows.split(variants, classifier);
        int[] owner = new int[units.size()];
        for (int u = 0, v = 0; u < units.size(); v++) {
            for (int k = units.get(u).windows(); k > 0; k--) {
                owner[u++] = v;
            }
        }
        double[][] logits = new double[removed.size()][labels().size()];
        for (int from = 0; from < units.size(); from += VARIANT_BATCH) {
            int to = Math.min(units.size(), from + VARIANT_BATCH);
            List<Unit> chunk = units.subList(from, to);
            try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                SequenceBatch batch = SequenceBatch.of(chunk.stream().map(Unit::encoded).toList(),
                        classifier.encoder().padId(), DataType.FLOAT32, manager);
                NDArray out;
                if (removal == Removal.ZERO_EMBEDDING) {
                    int t = batch.maxLength();
                    float[] keep = new float[chunk.size() * t];
                    java.util.Arrays.fill(keep, 1f);
                    for (int j = 0; j < chunk.size(); j++) {
                        boolean[] z = zeroed.get(owner[from + j]);
                        int[] source = chunk.get(j).source();
                        for (int p = 0; p < source.length; p++) {
                            if (z[source[p]]) {
                                keep[j * t + p] = 0f;
                            }
                        }
                    }
                    NDArray mask = manager.create(keep, new Shape(chunk.size(), t, 1));
                    out = classifier.logitsFromEmbeddings(classifier.embed(batch).mul(mask), batch);
                } else {
                    out = classifier.forward(batch).logits();
                }
                double[][] rows = rows(out);
                for (int j = 0; j < rows.length; j++) {
                    Unit unit = chunk.get(j);
                    for (int c = 0; c < rows[j].length; c++) {
                        logits[owner[from + j]][c] += rows[j][c] / unit.windows();
                    }
                }
            }
        }
        return logits;
    }

    /** The layers that hold weights, from the input (embedding) to the output (classifier). */
    public List<String> weightedLayers() {
        return classifier.weightedLayers();
    }

    /**
     * A copy of this model whose named layers have new random weights (the randomisation sanity check of Adebayo et
     * al. 2018): every tensor of those layers is redrawn from a normal distribution with the original tensor's mean
     * and standard deviation, seeded by {@code seed} and the tensor's name. The copy shares this model's tokenizer;
     * close it when done (this model must stay open while the copy is used).
     */
    public LexrayModel withRandomizedLayers(java.util.Collection<String> layerNames, long seed) {
        java.util.Map<String, dev.lexray.model.Tensor> replaced = new java.util.HashMap<>();
        for (dev.lexray.model.Layer layer : classifier.layers()) {
            if (!layerNames.contains(layer.name())) {
                continue;
            }
            for (String name : SequentialClassifier.parameterNames(layer)) {
                dev.lexray.model.Tensor t = classifier.parameters().tensor(name);
                replaced.put(name, redraw(t, seed));
            }
        }
        for (String n : layerNames) {
            if (!classifier.weightedLayers().contains(n)) {
                throw new LexrayException("no layer '" + n + "' with weights; layers: " + classifier.weightedLayers());
            }
        }
        return new LexrayModel(classifier.withTensors(replaced));
    }

    private static dev.lexray.model.Tensor redraw(dev.lexray.model.Tensor t, long seed) {
        float[] v = t.values();
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        double sd = v.length > 1 ? Math.sqrt(var / v.length) : 0;
        java.util.Random r = new java.util.Random(seed * 1_000_003L + t.name().hashCode());
        float[] out = new float[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean + sd * r.nextGaussian());
        }
        return new dev.lexray.model.Tensor(t.name(), t.shape(), out);
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
     * by one. A text longer than a transformer's window is explained in overlapping windows (see {@link Windows}).
     *
     * @throws LexrayException for a text that cannot be encoded (empty, no known word) or an unknown target
     */
    public List<Explanation> explain(List<String> texts, ExplainOptions options) {
        List<EncodedText> encoded = encodeAll(texts);
        checkTarget(options.target());
        List<Unit> units = Windows.split(encoded, classifier);
        ExplainedTarget[] fixed = windowTargets(units, options.target());
        List<UnitResult> results = new ArrayList<>(units.size());
        for (int from = 0; from < units.size(); from += options.batchSize()) {
            int to = Math.min(units.size(), from + options.batchSize());
            results.addAll(explainBatch(units.subList(from, to), java.util.Arrays.copyOfRange(fixed, from, to),
                    options));
        }
        RuleSettings rule = ruleSettings(options);
        List<Explanation> out = new ArrayList<>(texts.size());
        int u = 0;
        for (EncodedText e : encoded) {
            int n = units.get(u).windows();
            out.add(assemble(e, units.subList(u, u + n), results.subList(u, u + n), rule, options.method().name()));
            u += n;
        }
        return out;
    }

    /**
     * One forward unit: a whole text, or one window of a long one; {@code source[j]} is the text position of the
     * unit's token j, {@code windows} how many units the text has.
     */
    record Unit(EncodedText encoded, int[] source, int windows) {}

    /** Per-position relevance of a unit, with its logits and bookkeeping, as plain arrays. */
    private record UnitResult(double[] logits, double[] relevance, double initialState, double targetScore,
            ExplainedTarget target) {}

    /**
     * Windows of one long text must all explain the same class: the text's prediction is the mean of its windows'
     * logits, so "predicted" is resolved on that mean before any window is explained. Null where a unit resolves its
     * own target (a text in one window).
     */
    private ExplainedTarget[] windowTargets(List<Unit> units, Target target) {
        ExplainedTarget[] fixed = new ExplainedTarget[units.size()];
        if (units.stream().allMatch(u -> u.windows() == 1)) {
            return fixed;
        }
        for (int u = 0; u < units.size(); u += units.get(u).windows()) {
            int n = units.get(u).windows();
            if (n == 1) {
                continue;
            }
            double[] mean = meanLogits(units.subList(u, u + n));
            ExplainedTarget t = resolveTarget(target, argmax(mean));
            java.util.Arrays.fill(fixed, u, u + n, t);
        }
        return fixed;
    }

    private double[] meanLogits(List<Unit> windows) {
        double[] mean = new double[labels().size()];
        try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch batch = SequenceBatch.of(windows.stream().map(Unit::encoded).toList(),
                    classifier.encoder().padId(), DataType.FLOAT32, manager);
            for (double[] row : rows(classifier.forward(batch).logits())) {
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += row[c] / windows.size();
                }
            }
        }
        return mean;
    }

    private List<UnitResult> explainBatch(List<Unit> units, ExplainedTarget[] fixed, ExplainOptions options) {
        int n = units.size();
        DataType type = options.precision().dataType();
        try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<EncodedText> encoded = units.stream().map(Unit::encoded).toList();
            SequenceBatch batch = SequenceBatch.of(encoded, classifier.encoder().padId(), type, manager);
            boolean lrp = options.method() instanceof AttributionMethod.Lrp;
            Trace trace = lrp ? classifier.forward(batch) : null;
            double[][] logits = rows(lrp ? trace.logits() : classifier.forward(batch).logits());
            int classes = labels().size();
            double[][] weights = new double[n][classes];
            ExplainedTarget[] targets = new ExplainedTarget[n];
            for (int b = 0; b < n; b++) {
                targets[b] = fixed[b] != null ? fixed[b] : resolveTarget(options.target(), argmax(logits[b]));
                weights[b][targets[b].index()] += 1;
                if (targets[b].versus() != null) {
                    weights[b][targets[b].versus().index()] -= 1;
                }
            }
            List<UnitResult> out = new ArrayList<>(n);
            if (!lrp) {
                BatchAttribution a = Baselines.attribute(options.method(), classifier, encoded, weights, type, manager);
                for (int b = 0; b < n; b++) {
                    double ref = a.referenceScore()[b];
                    // Integrated Gradients explains f(x) - f(reference): that difference is its target score.
                    double score = Double.isNaN(ref) ? a.targetScore()[b] : a.targetScore()[b] - ref;
                    out.add(new UnitResult(logits[b], a.relevance()[b], 0, score, targets[b]));
                }
                return out;
            }
            NDArray targetWeights = Baselines.weights(weights, type, manager);
            Lrp.Result r = Lrp.explain(trace, targetWeights, options.composite());
            double[][] relevance = rows(r.tokens());
            double[] initial = r.initialState().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] score = r.targetScore().toType(DataType.FLOAT64, false).toDoubleArray();
            for (int b = 0; b < n; b++) {
                out.add(new UnitResult(logits[b], relevance[b], initial[b], score[b], targets[b]));
            }
            return out;
        }
    }

    /** Joins a text's units into one explanation: words from pieces, special tokens apart, windows averaged. */
    private Explanation assemble(EncodedText e, List<Unit> units, List<UnitResult> results, RuleSettings rule,
            String method) {
        int windows = units.size();
        double[] logits = new double[labels().size()];
        double initial = 0;
        double score = 0;
        double[] pieceSum = new double[e.length()];
        int[] pieceCount = new int[e.length()];
        for (int w = 0; w < windows; w++) {
            UnitResult r = results.get(w);
            Unit unit = units.get(w);
            for (int c = 0; c < logits.length; c++) {
                logits[c] += r.logits()[c] / windows;
            }
            initial += r.initialState() / windows;
            score += r.targetScore() / windows;
            Windows.accumulate(unit, r.relevance(), pieceSum, pieceCount);
        }
        double[] piece = new double[e.length()];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = pieceCount[i] == 0 ? 0 : pieceSum[i] / pieceCount[i];
        }
        ExplainedTarget target = results.get(0).target();
        WordMerger.Merged merged = WordMerger.merge(e, piece, classifier.isTransformer());
        Double special = classifier.isTransformer() ? merged.specialSum() : null;
        return new Explanation(e.text(), name, method, rule, labels(), logits, softmax(logits), argmaxRef(logits),
                target, merged.words(), classifier.isTransformer() ? merged.specials() : null,
                windows > 1 ? windows : null,
                Conservation.of(merged.wordSum(), special, initial, score));
    }

    private RuleSettings ruleSettings(ExplainOptions options) {
        if (!(options.method() instanceof AttributionMethod.Lrp)) {
            return new RuleSettings(options.method().name(), options.method().parameters(), null, null, null);
        }
        Map<String, String> layers = new java.util.TreeMap<>();
        options.layerRules().forEach((k, v) -> layers.put(k, v.name()));
        RuleSettings dense = new RuleSettings(options.rule().name(), options.rule().parameters(), null, null, null);
        if (classifier.isTransformer()) {
            return new RuleSettings(options.transformer().attention().cliName(), options.transformer().parameters(),
                    null, dense, layers);
        }
        return new RuleSettings(dense.name(), dense.parameters(), isRecurrent() ? options.recurrent().parameters()
                : null, null, layers);
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
