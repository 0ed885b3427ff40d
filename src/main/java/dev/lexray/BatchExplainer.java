package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lexray.LexrayModel.Unit;
import dev.lexray.attribution.AttributionMethod;
import dev.lexray.attribution.Baselines;
import dev.lexray.attribution.BatchAttribution;
import dev.lexray.lrp.AttentionRule;
import dev.lexray.lrp.LayerRecorder;
import dev.lexray.lrp.Lrp;
import dev.lexray.model.SequenceBatch;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.model.Trace;
import dev.lexray.runtime.LexrayException;
import dev.lexray.runtime.NativeMemory;
import dev.lexray.text.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Predicts and explains lists of texts for {@link LexrayModel}: encodes them, splits long ones into windows
 * ({@link Windows}), runs padded batches of similar length on the model's workers ({@link Batches}), resolves each
 * text's target, runs LRP or a baseline on every batch, and assembles one result per text, in input order. Tensors
 * stay inside their batch's scope; results leave it as plain arrays, so batches can run on any thread.
 */
final class BatchExplainer {
    /** Estimated trace size from which a batch's memory is handed back after it: 64 MiB. */
    private static final long RELEASE_BYTES = 64L << 20;
    /**
     * Token equivalents from which the same holds where there is no trace estimate (recurrent and bag models): a
     * full batch of the default token budget, or one long text.
     */
    private static final long RELEASE_SLOTS = ExplainOptions.DEFAULT_TOKEN_BUDGET;

    private final SequentialClassifier classifier;
    private final String name;
    private final Targets targets;
    private final Workers workers;

    BatchExplainer(SequentialClassifier classifier, String name, Workers workers) {
        this.classifier = classifier;
        this.name = name;
        this.targets = new Targets(classifier.labels());
        this.workers = workers;
    }

    /** Fails on an unknown target label or class index, before any text is encoded. */
    void checkTarget(Target target) {
        targets.check(target);
    }

    /** Labels and probabilities; a long text's logits are the mean of its windows'. */
    List<Prediction> predict(List<String> texts, ExplainOptions options) {
        List<EncodedText> encoded = encodeAll(texts);
        List<Unit> units = Windows.split(encoded, classifier);
        DataType type = options.precision().dataType();
        List<List<double[]>> logits = Windows.perText(units,
                inBatches(units, options, idx -> logits(Batches.pick(units, idx), type)));
        List<Prediction> out = new ArrayList<>(texts.size());
        for (int t = 0; t < encoded.size(); t++) {
            EncodedText e = encoded.get(t);
            double[] mean = Logits.mean(logits.get(t));
            out.add(new Prediction(e.text(), name, labels(), mean, Logits.softmax(mean),
                    Logits.predicted(mean, labels()), warnings(e)));
        }
        return out;
    }

    /** Explains every text; the result equals explaining them one by one (see {@link LexrayModel#explain}). */
    List<Explanation> explain(List<String> texts, ExplainOptions options) {
        checkLayers(options);
        List<EncodedText> encoded = encodeAll(texts);
        targets.check(options.target());
        List<Unit> units = Windows.split(encoded, classifier);
        List<ExplainedTarget> shared = Arrays.asList(Windows.sharedTargets(units, options.target(), targets,
                classifier));
        List<UnitResult> results = inBatches(units, options,
                idx -> explainBatch(Batches.pick(units, idx), Batches.pick(shared, idx), options));
        RuleSettings rule = RuleSettings.of(options.method(), options.composite());
        List<List<Unit>> unitsOfText = Windows.perText(units, units);
        List<List<UnitResult>> resultsOfText = Windows.perText(units, results);
        List<Explanation> out = new ArrayList<>(texts.size());
        for (int t = 0; t < encoded.size(); t++) {
            out.add(assemble(encoded.get(t), unitsOfText.get(t), resultsOfText.get(t), rule,
                    options.method().name(), options.layers()));
        }
        return out;
    }

    /**
     * Explains every class of every text: a list per text, one explanation per class in label order, each equal to
     * {@link #explain} with that class as target. LRP runs one forward pass per batch and one backward pass per
     * class over the same trace; a baseline runs once per class.
     */
    List<List<Explanation>> explainEveryClass(List<String> texts, ExplainOptions options) {
        if (!(options.method() instanceof AttributionMethod.Lrp)) {
            List<List<Explanation>> byClass = new ArrayList<>();
            for (int k = 0; k < labels().size(); k++) {
                byClass.add(explain(texts, options.withTarget(new Target.Index(k))));
            }
            List<List<Explanation>> out = new ArrayList<>(texts.size());
            for (int t = 0; t < texts.size(); t++) {
                List<Explanation> row = new ArrayList<>(labels().size());
                for (List<Explanation> column : byClass) {
                    row.add(column.get(t));
                }
                out.add(row);
            }
            return out;
        }
        List<EncodedText> encoded = encodeAll(texts);
        List<Unit> units = Windows.split(encoded, classifier);
        List<List<UnitResult>> results = inBatches(units, options,
                idx -> everyClassOfBatch(Batches.pick(units, idx), options));
        RuleSettings rule = RuleSettings.of(options.method(), options.composite());
        List<List<Unit>> unitsOfText = Windows.perText(units, units);
        List<List<List<UnitResult>>> resultsOfText = Windows.perText(units, results);
        List<List<Explanation>> out = new ArrayList<>(texts.size());
        for (int t = 0; t < encoded.size(); t++) {
            List<Explanation> row = new ArrayList<>(labels().size());
            for (int k = 0; k < labels().size(); k++) {
                int c = k;
                row.add(assemble(encoded.get(t), unitsOfText.get(t),
                        resultsOfText.get(t).stream().map(r -> r.get(c)).toList(), rule, options.method().name(),
                        options.layers()));
            }
            out.add(row);
        }
        return out;
    }

    /** One forward pass, then LRP once per class: per unit, one result per class. */
    private List<List<UnitResult>> everyClassOfBatch(List<Unit> units, ExplainOptions options) {
        int n = units.size();
        int classes = labels().size();
        DataType type = options.precision().dataType();
        try (NDManager manager = classifier.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch batch = SequenceBatch.of(units.stream().map(Unit::encoded).toList(),
                    classifier.encoder().padId(), type, manager);
            Trace trace = classifier.forwardFor(batch, needsScores(options));
            double[][] logits = Logits.rows(trace.logits());
            List<List<UnitResult>> out = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                out.add(new ArrayList<>(classes));
            }
            for (int k = 0; k < classes; k++) {
                double[][] weights = new double[n][classes];
                for (int b = 0; b < n; b++) {
                    weights[b][k] = 1;
                }
                LayerRecorder recorder = recorder(options);
                Lrp.Result r = Lrp.explain(trace, Baselines.weights(weights, type, manager), options.composite(),
                        k == classes - 1, recorder);
                double[][] relevance = Logits.rows(r.tokens());
                double[] initial = r.initialState().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] score = r.targetScore().toType(DataType.FLOAT64, false).toDoubleArray();
                for (int b = 0; b < n; b++) {
                    ExplainedTarget target = targets.resolve(new Target.Index(k), Logits.argmax(logits[b]));
                    out.get(b).add(new UnitResult(logits[b], relevance[b], initial[b], score[b], target,
                            rows(recorder, b, units.get(b))));
                }
            }
            return out;
        }
    }

    /** Per-position relevance of a unit, with its logits and bookkeeping, as plain arrays. */
    private record UnitResult(double[] logits, double[] relevance, double initialState, double targetScore,
            ExplainedTarget target, List<LayerAssembly.Row> layers) {
        UnitResult(double[] logits, double[] relevance, double initialState, double targetScore,
                ExplainedTarget target) {
            this(logits, relevance, initialState, targetScore, target, null);
        }
    }

    /** A recorder for the layers the options ask for, or null. */
    private static LayerRecorder recorder(ExplainOptions options) {
        return options.layers().enabled() ? new LayerRecorder(true, options.layers().topNeurons() > 0) : null;
    }

    /** Unit b's layers from the recorder, or null without one. */
    private static List<LayerAssembly.Row> rows(LayerRecorder recorder, int b, Unit unit) {
        return recorder == null ? null : LayerAssembly.row(recorder.layers(), b, unit.encoded().length());
    }

    /** Layers are LRP's: the baselines have no relevance inside the network. */
    private static void checkLayers(ExplainOptions options) {
        if (options.layers().enabled() && !(options.method() instanceof AttributionMethod.Lrp)) {
            throw new LexrayException("the relevance per layer (--layers, --top-neurons) is LRP's; method '"
                    + options.method().name() + "' has none: drop --layers or use --method lrp");
        }
    }

    /**
     * Runs {@code work} (unit indices to one result per index) on length-sorted batches, {@code options.workers()}
     * at a time, and returns the results in unit order.
     */
    private <R> List<R> inBatches(List<Unit> units, ExplainOptions options, Function<int[], List<R>> work) {
        List<R> results = new ArrayList<>(Collections.nCopies(units.size(), null));
        TokenCost cost = TokenCost.of(classifier);
        Batches.run(units, options, classifier, workers.pool(options.workers()),
                idx -> {
                    List<R> r = work.apply(idx);
                    releaseIfLarge(units, idx, cost, options);
                    for (int i = 0; i < idx.length; i++) {
                        results.set(idx[i], r.get(i)); // distinct indices per batch; read after every batch ends
                    }
                });
        return results;
    }

    /**
     * After a large batch (an estimated trace of a real-size transformer's size, or a budget's worth of tokens),
     * freed pages go back to the system once resident memory has grown ({@link NativeMemory#releaseIfGrown}): glibc
     * no longer trims its heap by itself ({@link NativeMemory#configure}), and over the windows of a long text the
     * heap creeps. Small batches skip even the check.
     */
    private static void releaseIfLarge(List<Unit> units, int[] idx, TokenCost cost, ExplainOptions options) {
        int length = 0;
        for (int i : idx) {
            length = Math.max(length, units.get(i).encoded().length());
        }
        long slots = cost.of(idx.length, length);
        long bytes = slots * cost.floatsPerSlot() * options.precision().dataType().getNumOfBytes();
        if (bytes >= RELEASE_BYTES || slots >= RELEASE_SLOTS) {
            NativeMemory.releaseIfGrown();
        }
    }

    /** The forward pass alone: one row of logits per unit. */
    private List<double[]> logits(List<Unit> units, DataType type) {
        try (NDManager manager = classifier.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            SequenceBatch batch = SequenceBatch.of(units.stream().map(Unit::encoded).toList(),
                    classifier.encoder().padId(), type, manager);
            return Arrays.asList(Logits.rows(classifier.logits(batch)));
        }
    }

    /**
     * Explains one batch of units; {@code fixed} holds the target a long text's windows share, null where a unit
     * resolves its own from its logits.
     */
    private List<UnitResult> explainBatch(List<Unit> units, List<ExplainedTarget> fixed, ExplainOptions options) {
        int n = units.size();
        DataType type = options.precision().dataType();
        try (NDManager manager = classifier.newManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            List<EncodedText> encoded = units.stream().map(Unit::encoded).toList();
            SequenceBatch batch = SequenceBatch.of(encoded, classifier.encoder().padId(), type, manager);
            boolean lrp = options.method() instanceof AttributionMethod.Lrp;
            Trace trace = lrp ? classifier.forwardFor(batch, needsScores(options)) : null;
            double[][] logits = Logits.rows(lrp ? trace.logits() : classifier.logits(batch));
            double[][] weights = new double[n][labels().size()];
            ExplainedTarget[] explained = new ExplainedTarget[n];
            for (int b = 0; b < n; b++) {
                explained[b] = fixed.get(b) != null ? fixed.get(b)
                        : targets.resolve(options.target(), Logits.argmax(logits[b]));
                weights[b][explained[b].index()] += 1;
                if (explained[b].versus() != null) {
                    weights[b][explained[b].versus().index()] -= 1;
                }
            }
            List<UnitResult> out = new ArrayList<>(n);
            if (!lrp) {
                BatchAttribution a = Baselines.attribute(options.method(), classifier, encoded, weights, type, manager);
                for (int b = 0; b < n; b++) {
                    double ref = a.referenceScore()[b];
                    // Integrated Gradients explains f(x) - f(reference): that difference is its target score.
                    double score = Double.isNaN(ref) ? a.targetScore()[b] : a.targetScore()[b] - ref;
                    out.add(new UnitResult(logits[b], a.relevance()[b], 0, score, explained[b]));
                }
                return out;
            }
            NDArray targetWeights = Baselines.weights(weights, type, manager);
            LayerRecorder recorder = recorder(options);
            Lrp.Result r = Lrp.explain(trace, targetWeights, options.composite(), true, recorder);
            double[][] relevance = Logits.rows(r.tokens());
            double[] initial = r.initialState().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] score = r.targetScore().toType(DataType.FLOAT64, false).toDoubleArray();
            for (int b = 0; b < n; b++) {
                out.add(new UnitResult(logits[b], relevance[b], initial[b], score[b], explained[b],
                        rows(recorder, b, units.get(b))));
            }
            return out;
        }
    }

    /**
     * Joins a text's units into one explanation: words from pieces, special tokens apart. The text's score is the mean
     * of its windows' scores, so each window's relevance counts 1/W (a piece in two windows gets both shares) and the
     * explanation conserves exactly as its windows do.
     */
    private Explanation assemble(EncodedText e, List<Unit> units, List<UnitResult> results, RuleSettings rule,
            String method, ExplainOptions.LayerDetail detail) {
        int windows = units.size();
        double[] logits = Logits.mean(results.stream().map(UnitResult::logits).toList());
        double initial = 0;
        double score = 0;
        double[] piece = new double[e.length()];
        for (int w = 0; w < windows; w++) {
            UnitResult r = results.get(w);
            initial += r.initialState() / windows;
            score += r.targetScore() / windows;
            Windows.accumulate(units.get(w), r.relevance(), windows, piece);
        }
        boolean transformer = classifier.isTransformer();
        WordMerger.Merged merged = WordMerger.merge(e, piece, transformer);
        List<List<LayerAssembly.Row>> layers = results.get(0).layers() == null ? null
                : results.stream().map(UnitResult::layers).toList();
        Double special = transformer ? merged.specialSum() : null;
        return new Explanation(e.text(), name, method, rule, labels(), logits, Logits.softmax(logits),
                Logits.predicted(logits, labels()), results.get(0).target(), merged.words(),
                transformer ? merged.specials() : null, windows > 1 ? windows : null,
                Conservation.of(merged.wordSum(), special, initial, score), warnings(e),
                layers == null ? null : LayerAssembly.join(e, units, layers, detail.topNeurons()),
                layers == null ? null : LayerAssembly.pieces(e));
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

    /** What a reader of a result should know about its text: that the model knew none of its words. */
    private static List<String> warnings(EncodedText e) {
        int words = 0;
        for (int i = 0; i < e.length(); i++) {
            if (!e.isSpecial(i)) {
                words++;
            }
        }
        return words > 0 && e.unknownCount() == words ? List.of(LexrayModel.ALL_UNKNOWN) : List.of();
    }

    private List<String> labels() {
        return classifier.labels();
    }

    /** Only AttnLRP's softmax rule reads the attention scores (and only on transformers). */
    private static boolean needsScores(ExplainOptions options) {
        return options.composite().transformer().attention() == AttentionRule.ATTN_LRP;
    }
}
