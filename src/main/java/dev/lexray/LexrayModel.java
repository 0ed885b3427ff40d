package dev.lexray;

import dev.lexray.model.ModelLoader;
import dev.lexray.model.SequentialClassifier;
import dev.lexray.runtime.LexrayException;
import dev.lexray.text.EncodedText;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A loaded classifier that predicts and explains, from {@link Lexray#load}. Texts are explained one at a time, as a
 * list, or as a lazily consumed {@link Stream}; every result is an immutable record whose JSON form
 * ({@link LexrayJson}) is exactly what the command line prints.
 *
 * <p>Thread-safe: one instance serves many threads at once, each batch in its own tensor scope, and gives every
 * thread exactly the results it would get alone. Close it (once no thread uses it any more) to free the weights;
 * a closed model refuses further work with an {@link IllegalStateException}.
 *
 * <p>Inside, a facade over package-private helpers: {@code BatchExplainer} explains lists of texts (batched,
 * windowed), {@code LazyBatches} pulls streams a batch at a time, {@code Outcomes} sets bad texts aside; this class
 * checks that the model is open and delegates.
 */
public final class LexrayModel implements AutoCloseable {
    /** The warning of a text whose every word (or word piece) maps to the unknown token. */
    public static final String ALL_UNKNOWN = "all words unknown to the model";

    private final SequentialClassifier classifier;
    private final String name;
    private final List<String> warnings;
    private final Workers workers = new Workers();
    private final BatchExplainer explainer;
    private volatile boolean closed;

    LexrayModel(SequentialClassifier classifier, List<String> warnings) {
        this.classifier = classifier;
        this.name = classifier.directory().toAbsolutePath().normalize().getFileName().toString();
        this.warnings = List.copyOf(warnings);
        this.explainer = new BatchExplainer(classifier, name, workers);
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
        ensureOpen();
        return explainer.predict(texts, options);
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
        return LazyBatches.of(texts, ExplainOptions.DEFAULT_BATCH_SIZE, batch -> predict(batch));
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
        checkStream(texts, options, true);
        return LazyBatches.of(texts, options.batchSize(), batch -> explain(batch, options));
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
        checkStream(texts, options, true);
        return Outcomes.stream(texts, options.batchSize(), onError, batch -> explain(batch, options));
    }

    /** Predicts a stream of texts lazily, with a choice of what a bad text does (see {@link #explain(Stream,
     * ExplainOptions, OnError)}). */
    public Stream<TextOutcome<Prediction>> predict(Stream<String> texts, ExplainOptions options, OnError onError) {
        Objects.requireNonNull(onError, "onError");
        checkStream(texts, options, false);
        return Outcomes.stream(texts, options.batchSize(), onError, batch -> predict(batch, options));
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
        explainer.checkTarget(options.target());
        return Outcomes.each(texts, batch -> explain(batch, options));
    }

    /** Predicts every text of a list, each one's failure kept apart (see {@link #explainEach}). */
    public List<TextOutcome<Prediction>> predictEach(List<String> texts, ExplainOptions options) {
        ensureOpen();
        return Outcomes.each(texts, batch -> predict(batch, options));
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
        ensureOpen();
        return explainer.explain(texts, options);
    }

    /**
     * Explains every class of every text: a list per text with one explanation per class, in label order, each
     * equal to {@code explain(texts, options.withTarget(new Target.Index(k)))}. With LRP each batch takes one forward
     * pass for all classes (a backward pass per class over the same activations), so this is cheaper than one call
     * per class; the options' target is ignored.
     *
     * @throws TextException naming the first text that cannot be encoded
     */
    public List<List<Explanation>> explainEveryClass(List<String> texts, ExplainOptions options) {
        ensureOpen();
        return explainer.explainEveryClass(List.copyOf(texts), options);
    }

    /**
     * One forward unit: a whole text, or one window of a long one; {@code source[j]} is the text position of the
     * unit's token j, {@code windows} how many units the text has.
     */
    record Unit(EncodedText encoded, int[] source, int windows) {} // here, not in Windows, while Batches imports it

    /** The checks a stream overload makes before it returns: arguments, an open model, a known target to explain. */
    private void checkStream(Stream<String> texts, ExplainOptions options, boolean explains) {
        Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        if (explains) {
            explainer.checkTarget(options.target());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the model " + name + " is closed");
        }
    }

    /** Frees the weights, the tokenizer and the worker threads. Idempotent; call it once no thread uses the model. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            workers.close();
            classifier.close();
        }
    }
}
