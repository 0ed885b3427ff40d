package dev.lexray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A loaded classifier that predicts and explains, from {@link Lexray#load}. Texts are explained one at a time, as a
 * list, or as a lazily consumed {@link Stream}; every result is an immutable record whose JSON form
 * ({@link LexrayJson}) is exactly what the command line prints.
 *
 * <p>Thread-safe: one instance serves many threads at once, each batch in its own tensor scope, and gives every
 * thread exactly the results it would get alone. Close it (once no thread uses it any more) to free the weights;
 * a closed model refuses further work with an {@link IllegalStateException}.
 */
public final class LexrayModel implements AutoCloseable {
    private final SequentialClassifier classifier;
    private final String name;
    private final List<String> warnings;
    private volatile boolean closed;
    private java.util.concurrent.ExecutorService pool;
    private int poolSize;

    LexrayModel(SequentialClassifier classifier, List<String> warnings) {
        this.classifier = classifier;
        this.name = classifier.directory().toAbsolutePath().normalize().getFileName().toString();
        this.warnings = List.copyOf(warnings);
    }

    /**
     * What the load tolerated but you should know, one message each (e.g. non-finite weights loaded under
     * {@link LoadOptions#allowNonfinite()}); empty for a sound model.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The classifier, for the services beside the facade (see {@link ModelProbe}). */
    SequentialClassifier classifier() {
        return classifier;
    }

    /** The model's name (its directory's name). */
    public String name() {
        return name;
    }

    /** The class labels, in the order of the logits. */
    public List<String> labels() {
        return classifier.labels();
    }

    /**
     * The architecture: {@code lstm}, {@code bilstm}, {@code gru}, {@code bigru}, {@code embedding-bag-mlp},
     * {@code bert}, {@code distilbert} or {@code roberta}.
     */
    public String architecture() {
        return classifier.architecture();
    }

    /** True for LSTM/GRU models, whose explanations also carry the recurrent rule settings. */
    public boolean isRecurrent() {
        return ModelLoader.RECURRENT.contains(classifier.architecture());
    }

    /** Tokens the model sees for a text (special tokens included, before any windowing). */
    public int tokenCount(String text) {
        return classifier.encoder().encode(text).length();
    }

    /**
     * Predicts one text (the forward pass only).
     *
     * @throws LexrayException for a text that cannot be encoded (empty, no token, too long)
     */
    public Prediction predict(String text) {
        return predict(List.of(text)).get(0);
    }

    /**
     * Labels and probabilities only (the forward pass), in the order of {@code texts}. Long texts are averaged over
     * windows, as in explain.
     *
     * @throws TextException naming the first text that cannot be encoded (a plain {@link LexrayException} for a
     *     list of one)
     */
    public List<Prediction> predict(List<String> texts) {
        return predict(texts, ExplainOptions.defaults());
    }

    /**
     * Labels and probabilities, in length-sorted batches of {@code options.batchSize()} on {@code options.workers()}
     * threads, in {@code options.precision()}; the other options do not apply.
     */
    public List<Prediction> predict(List<String> texts, ExplainOptions options) {
        List<EncodedText> encoded = encodeAll(texts);
        List<Unit> units = Windows.split(encoded, classifier);
        double[][] logits = new double[units.size()][];
        DataType type = options.precision().dataType();
        Batches.run(Batches.byBudget(units, options, classifier), options.workers(), pool(options.workers()),
                idx -> {
                    try (NDManager manager = TorchRuntime.newManager(); NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        SequenceBatch batch = SequenceBatch.of(Batches.pick(units, idx).stream().map(Unit::encoded)
                                .toList(), classifier.encoder().padId(), type, manager);
                        double[][] rows = rows(classifier.logits(batch));
                        for (int i = 0; i < idx.length; i++) {
                            logits[idx[i]] = rows[i];
                        }
                    }
                });
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
            out.add(new Prediction(e.text(), name, labels(), mean, Logits.softmax(mean), argmaxRef(mean), warnings(e)));
        }
        return out;
    }

    /**
     * Predicts a stream of texts lazily: texts are pulled from {@code texts} a batch at a time as the returned stream
     * is consumed, so a stream of any length runs in constant memory. Closing the returned stream closes
     * {@code texts}.
     *
     * @throws TextException (when the returned stream is consumed) naming the first text that cannot be encoded by its
     *     0-based position in {@code texts}
     */
    public Stream<Prediction> predict(Stream<String> texts) {
        Objects.requireNonNull(texts, "texts");
        ensureOpen();
        return lazily(texts, ExplainOptions.DEFAULT_BATCH_SIZE, batch -> predict(batch));
    }

    /** Explains one text with the {@linkplain ExplainOptions#defaults() default options}. */
    public Explanation explain(String text) {
        return explain(text, ExplainOptions.defaults());
    }

    /**
     * Explains one text.
     *
     * @throws LexrayException for a text that cannot be encoded (empty, no token, too long) or an unknown target
     */
    public Explanation explain(String text, ExplainOptions options) {
        return explain(List.of(text), options).get(0);
    }

    /** Explains a list of texts with the {@linkplain ExplainOptions#defaults() default options}. */
    public List<Explanation> explain(List<String> texts) {
        return explain(texts, ExplainOptions.defaults());
    }

    /** Explains a stream of texts lazily with the {@linkplain ExplainOptions#defaults() default options}. */
    public Stream<Explanation> explain(Stream<String> texts) {
        return explain(texts, ExplainOptions.defaults());
    }

    /**
     * Explains a stream of texts lazily: texts are pulled from {@code texts} {@code options.batchSize()} at a time, as
     * the returned stream is consumed, and explained exactly as {@link #explain(List, ExplainOptions)} explains them,
     * so a stream of any length (the lines of a large file, a message queue) runs in constant memory. The returned
     * stream is sequential and ordered like {@code texts}; closing it closes {@code texts}.
     *
     * @throws LexrayException at once for an unknown target label or class index
     * @throws TextException (when the returned stream is consumed) naming the first text that cannot be encoded by its
     *     0-based position in {@code texts}
     */
    public Stream<Explanation> explain(Stream<String> texts, ExplainOptions options) {
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        checkTarget(options.target());
        return lazily(texts, options.batchSize(), batch -> explain(batch, options));
    }

    /**
     * Explains a stream of texts lazily as {@link #explain(Stream, ExplainOptions)} does, with a choice of what a text
     * that cannot be explained does: {@link OnError#FAIL} throws as that method does, {@link OnError#SKIP} leaves it
     * out, {@link OnError#RECORD} yields a {@link TextOutcome.Failure} in its place. Every other text yields a
     * {@link TextOutcome.Success}, in input order, with its 0-based position.
     *
     * @throws LexrayException at once for an unknown target label or class index
     */
    public Stream<TextOutcome<Explanation>> explain(Stream<String> texts, ExplainOptions options, OnError onError) {
        Objects.requireNonNull(onError, "onError");
        if (onError == OnError.FAIL) {
            return withPositions(explain(texts, options));
        }
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        checkTarget(options.target());
        return tolerant(texts, options.batchSize(), onError, batch -> explain(batch, options));
    }

    /** Predicts a stream of texts lazily, with a choice of what a bad text does (see {@link #explain(Stream,
     * ExplainOptions, OnError)}). */
    public Stream<TextOutcome<Prediction>> predict(Stream<String> texts, ExplainOptions options, OnError onError) {
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        if (onError == OnError.FAIL) {
            return withPositions(lazily(texts, options.batchSize(), batch -> predict(batch, options)));
        }
        return tolerant(texts, options.batchSize(), onError, batch -> predict(batch, options));
    }

    /**
     * Explains every text of a list, each one's failure kept apart: the result has one outcome per text, in order,
     * a {@link TextOutcome.Failure} for each text that cannot be explained (the others are explained as
     * {@link #explain(List, ExplainOptions)} does).
     *
     * @throws LexrayException for an unknown target label or class index
     */
    public List<TextOutcome<Explanation>> explainEach(List<String> texts, ExplainOptions options) {
        ensureOpen();
        checkTarget(options.target());
        return each(texts, batch -> explain(batch, options));
    }

    /** Predicts every text of a list, each one's failure kept apart (see {@link #explainEach}). */
    public List<TextOutcome<Prediction>> predictEach(List<String> texts, ExplainOptions options) {
        ensureOpen();
        return each(texts, batch -> predict(batch, options));
    }

    private static <R> Stream<TextOutcome<R>> withPositions(Stream<R> results) {
        long[] index = {0};
        return results.map(r -> new TextOutcome.Success<>(index[0]++, r));
    }

    private static <R> Stream<TextOutcome<R>> tolerant(Stream<String> texts, int size, OnError onError,
            Function<List<String>, List<R>> work) {
        long[] offset = {0};
        Stream<TextOutcome<R>> all = lazily(texts, size, batch -> {
            List<TextOutcome<R>> out = new ArrayList<>(batch.size());
            for (TextOutcome<R> o : each(batch, work)) {
                long at = offset[0] + o.index();
                if (o instanceof TextOutcome.Success<R> s) {
                    out.add(new TextOutcome.Success<>(at, s.result()));
                } else if (o instanceof TextOutcome.Failure<R> f) {
                    out.add(new TextOutcome.Failure<>(at, f.text(), f.error()));
                }
            }
            offset[0] += batch.size();
            return out;
        });
        return onError == OnError.SKIP ? all.filter(o -> o instanceof TextOutcome.Success<R>) : all;
    }

    /**
     * Runs {@code work} over the texts and sets each text that fails aside: the batch is retried without a text a
     * {@link TextException} names (encoding fails before any computation, so a retry costs little), and run text by
     * text when a failure names no text.
     */
    private static <R> List<TextOutcome<R>> each(List<String> texts, Function<List<String>, List<R>> work) {
        List<TextOutcome<R>> out = new ArrayList<>(java.util.Collections.nCopies(texts.size(), null));
        List<Integer> alive = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            alive.add(i);
        }
        while (!alive.isEmpty()) {
            List<String> batch = alive.stream().map(texts::get).toList();
            try {
                List<R> results = work.apply(batch);
                for (int j = 0; j < alive.size(); j++) {
                    out.set(alive.get(j), new TextOutcome.Success<>(alive.get(j), results.get(j)));
                }
                break;
            } catch (TextException e) {
                int i = alive.remove(e.index());
                out.set(i, new TextOutcome.Failure<>(i, texts.get(i), e.reason()));
            } catch (LexrayException e) {
                for (int i : alive) {
                    try {
                        out.set(i, new TextOutcome.Success<>(i, work.apply(List.of(texts.get(i))).get(0)));
                    } catch (LexrayException one) {
                        String reason = one instanceof TextException t ? t.reason() : one.getMessage();
                        out.set(i, new TextOutcome.Failure<>(i, texts.get(i), reason));
                    }
                }
                break;
            }
        }
        return out;
    }

    /** A stream that pulls {@code size} texts at a time from {@code texts} and maps each batch with {@code work}. */
    private static <R> Stream<R> lazily(Stream<String> texts, int size, Function<List<String>, List<R>> work) {
        Iterator<String> source = texts.iterator();
        Spliterator<R> batches = new Spliterator<>() {
            private Iterator<R> current = java.util.Collections.emptyIterator();
            private long offset;

            @Override
            public boolean tryAdvance(Consumer<? super R> action) {
                if (!current.hasNext()) {
                    List<String> batch = new ArrayList<>(size);
                    while (batch.size() < size && source.hasNext()) {
                        batch.add(source.next());
                    }
                    if (batch.isEmpty()) {
                        return false;
                    }
                    current = run(batch).iterator();
                    offset += batch.size();
                }
                action.accept(current.next());
                return true;
            }

            private List<R> run(List<String> batch) {
                try {
                    return work.apply(batch);
                } catch (TextException e) {
                    throw new TextException(Math.toIntExact(offset + e.index()), e.reason(), e.getCause());
                } catch (LexrayException e) {
                    if (batch.size() == 1) { // a list of one reports its text's problem without a position
                        throw new TextException(Math.toIntExact(offset), e.getMessage(), e);
                    }
                    throw e;
                }
            }

            @Override
            public Spliterator<R> trySplit() {
                return null;
            }

            @Override
            public long estimateSize() {
                return Long.MAX_VALUE;
            }

            @Override
            public int characteristics() {
                return ORDERED | NONNULL;
            }
        };
        return StreamSupport.stream(batches, false).onClose(texts::close);
    }

    /**
     * Explains every text, in padded batches of {@code options.batchSize()} texts of similar length (sorted into
     * length buckets, results in input order), {@code options.workers()} batches at a time; the result equals
     * explaining them one by one. A text longer than a transformer's window is explained in overlapping windows
     * (see {@link Windows}).
     *
     * @throws LexrayException for a text that cannot be encoded (empty, no token) or an unknown target
     */
    public List<Explanation> explain(List<String> texts, ExplainOptions options) {
        List<EncodedText> encoded = encodeAll(texts);
        checkTarget(options.target());
        List<Unit> units = Windows.split(encoded, classifier);
        ExplainedTarget[] fixed = windowTargets(units, options.target());
        UnitResult[] results = new UnitResult[units.size()];
        Batches.run(Batches.byBudget(units, options, classifier), options.workers(), pool(options.workers()),
                idx -> {
                    ExplainedTarget[] f = new ExplainedTarget[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        f[i] = fixed[idx[i]];
                    }
                    List<UnitResult> r = explainBatch(Batches.pick(units, idx), f, options);
                    for (int i = 0; i < idx.length; i++) {
                        results[idx[i]] = r.get(i);
                    }
                });
        RuleSettings rule = ruleSettings(options);
        List<UnitResult> all = java.util.Arrays.asList(results);
        List<Explanation> out = new ArrayList<>(texts.size());
        int u = 0;
        for (EncodedText e : encoded) {
            int n = units.get(u).windows();
            out.add(assemble(e, units.subList(u, u + n), all.subList(u, u + n), rule, options.method().name()));
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
            ExplainedTarget t = resolveTarget(target, Logits.argmax(mean));
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
            for (double[] row : rows(classifier.logits(batch))) {
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
            double[][] logits = rows(lrp ? trace.logits() : classifier.logits(batch));
            int classes = labels().size();
            double[][] weights = new double[n][classes];
            ExplainedTarget[] targets = new ExplainedTarget[n];
            for (int b = 0; b < n; b++) {
                targets[b] = fixed[b] != null ? fixed[b] : resolveTarget(options.target(), Logits.argmax(logits[b]));
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

    /**
     * Joins a text's units into one explanation: words from pieces, special tokens apart. The text's score is the mean
     * of its windows' scores, so each window's relevance counts 1/W (a piece in two windows gets both shares) and the
     * explanation conserves exactly as its windows do.
     */
    private Explanation assemble(EncodedText e, List<Unit> units, List<UnitResult> results, RuleSettings rule,
            String method) {
        int windows = units.size();
        double[] logits = new double[labels().size()];
        double initial = 0;
        double score = 0;
        double[] piece = new double[e.length()];
        for (int w = 0; w < windows; w++) {
            UnitResult r = results.get(w);
            Unit unit = units.get(w);
            for (int c = 0; c < logits.length; c++) {
                logits[c] += r.logits()[c] / windows;
            }
            initial += r.initialState() / windows;
            score += r.targetScore() / windows;
            Windows.accumulate(unit, r.relevance(), windows, piece);
        }
        ExplainedTarget target = results.get(0).target();
        WordMerger.Merged merged = WordMerger.merge(e, piece, classifier.isTransformer());
        Double special = classifier.isTransformer() ? merged.specialSum() : null;
        return new Explanation(e.text(), name, method, rule, labels(), logits, Logits.softmax(logits),
                argmaxRef(logits), target, merged.words(), classifier.isTransformer() ? merged.specials() : null,
                windows > 1 ? windows : null,
                Conservation.of(merged.wordSum(), special, initial, score), warnings(e));
    }

    private RuleSettings ruleSettings(ExplainOptions options) {
        return RuleSettings.of(options.method(), options.composite());
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

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the model " + name + " is closed");
        }
    }

    private List<EncodedText> encodeAll(List<String> texts) {
        ensureOpen();
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
    static List<String> warnings(EncodedText e) {
        int words = 0;
        for (int i = 0; i < e.length(); i++) {
            if (!e.isSpecial(i)) {
                words++;
            }
        }
        return words > 0 && e.unknownCount() == words ? List.of(ALL_UNKNOWN) : List.of();
    }

    /** The warning of a text whose every word (or word piece) maps to the unknown token. */
    public static final String ALL_UNKNOWN = "all words unknown to the model";

    private ClassRef argmaxRef(double[] logits) {
        int i = Logits.argmax(logits);
        return new ClassRef(i, labels().get(i));
    }

    static double[][] rows(NDArray matrix) {
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

    /** Worker threads shared by this model's calls (daemon threads; the caller's thread is one of the workers). */
    private synchronized java.util.concurrent.ExecutorService pool(int workers) {
        if (workers <= 1) {
            return null;
        }
        if (pool == null || poolSize < workers - 1) {
            if (pool != null) {
                pool.shutdown();
            }
            poolSize = workers - 1;
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            pool = java.util.concurrent.Executors.newFixedThreadPool(poolSize, r -> {
                Thread t = new Thread(r, "lexray-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Frees the weights, the tokenizer and the worker threads. Idempotent; call it once no thread uses the model. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (pool != null) {
                pool.shutdownNow();
                pool = null;
            }
            classifier.close();
        }
    }
}
